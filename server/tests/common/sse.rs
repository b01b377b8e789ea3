//! A Server-Sent Events client for the tests: one GET over a raw socket,
//! the chunked body decoded as it arrives, messages parsed per the SSE
//! format (`id:`, `event:`, `data:`, comments, blank line).

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

pub struct Sse {
    stream: TcpStream,
    /// Raw bytes not yet de-chunked.
    raw: Vec<u8>,
    /// De-chunked text not yet parsed into messages.
    text: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

impl Sse {
    /// Opens the stream (with `Last-Event-ID` when given) and reads the head.
    pub async fn connect(addr: SocketAddr, path: &str, last_id: Option<u64>) -> Sse {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let mut req =
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n");
        if let Some(id) = last_id {
            req.push_str(&format!("Last-Event-ID: {id}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        let end = loop {
            if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break p;
            }
            let mut buf = [0u8; 4096];
            let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
                .await
                .expect("a response head within 10 s")
                .unwrap();
            assert!(n > 0, "closed before the head");
            raw.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8(raw[..end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Sse {
            stream,
            raw: raw[end + 4..].to_vec(),
            text: String::new(),
            status,
            headers,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Moves complete chunks from `raw` to `text`; false when the body ended.
    fn dechunk(&mut self) -> bool {
        loop {
            let Some(nl) = self.raw.windows(2).position(|w| w == b"\r\n") else {
                return true;
            };
            let size_text = String::from_utf8_lossy(&self.raw[..nl]).to_string();
            let size =
                usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
            if size == 0 {
                return false;
            }
            if self.raw.len() < nl + 2 + size + 2 {
                return true;
            }
            let chunk = self.raw[nl + 2..nl + 2 + size].to_vec();
            self.text.push_str(&String::from_utf8(chunk).unwrap());
            self.raw.drain(..nl + 2 + size + 2);
        }
    }

    /// The next message (comments and `retry:` skipped), or `None` when the
    /// stream ends or nothing comes within `limit`.
    pub async fn next(&mut self, limit: Duration) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let open = self.dechunk();
            while let Some(end) = self.text.find("\n\n") {
                let block: String = self.text[..end].to_string();
                self.text.drain(..end + 2);
                let mut m = Message {
                    id: None,
                    event: "message".into(),
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        m.id = Some(v.to_string());
                        any = true;
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        m.event = v.to_string();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        m.data.push_str(v);
                        any = true;
                    }
                }
                if any && !m.data.is_empty() {
                    return Some(m);
                }
            }
            if !open {
                return None;
            }
            let mut buf = [0u8; 8192];
            let read = tokio::time::timeout_at(deadline, self.stream.read(&mut buf)).await;
            match read {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return None,
                Ok(Ok(n)) => self.raw.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// The next message of kind `event`, skipping others.
    pub async fn next_of(&mut self, event: &str, limit: Duration) -> Option<Message> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let m = self.next(left).await?;
            if m.event == event {
                return Some(m);
            }
        }
    }
}
