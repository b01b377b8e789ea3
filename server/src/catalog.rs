//! The catalog that prices orders: the manifests this server serves, read
//! from `<site>/manifests/*.json` with the widget's own parser, keyed by
//! `video.id`, with the merchant's admin prices applied on top. The server
//! never prices from anything a browser sends (DESIGN.md invariant 9).
//!
//! **Live.** [`LiveCatalog`] re-reads the directory once a second
//! (`reload`): a file whose size or modification time changed is read once
//! it has stayed the same for one more poll, and only if it parses; until
//! then, and whenever it does not parse, the last good version keeps
//! pricing. So no order is ever priced from a half-written file, and an
//! edit is in force within about two seconds, without a restart.
//!
//! **Served as priced.** `GET /manifests/<file>.json` for a manifest in the
//! catalog is answered from here, with the admin prices written into it,
//! so what a viewer's page shows is what checkout charges.
//!
//! **Published.** Manifests the studio publishes (`PUT
//! /api/admin/manifests/{video}`, `admin/manifests.rs`) are written to
//! `<data-dir>/manifests/<video>.json` and read beside the site's, on top of
//! them: a published manifest replaces the site's manifest of the same
//! video, served under the site's file name too, and the tracked files in
//! `www/manifests` are never written. Admin prices apply to both.
//!
//! A manifest that fails to parse is reported on stderr and skipped: one
//! bad file must not take the whole shop down. Tag warnings are not
//! reported: tags don't affect prices.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use serde_json::Value;
use shoppable::model::manifest::{parse_str, Manifest};

/// One stock-keeping unit: variant ids are unique only within their product.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sku {
    pub product_id: String,
    pub variant_id: String,
}

/// Admin prices: `(product, variant, currency)` → minor units.
pub type Prices = HashMap<(String, String, String), i64>;

/// One manifest as served and priced.
#[derive(Debug)]
pub struct Entry {
    pub manifest: Manifest,
    /// The JSON served at `/manifests/<file>`, admin prices written in.
    pub served: Arc<str>,
    pub file: String,
    /// Published through the admin API (`<data-dir>/manifests`).
    pub published: bool,
}

/// How the scan names files of the published directory.
const PUBLISHED: &str = "published/";

/// The manifests by `video.id` (a snapshot; see [`LiveCatalog`]).
#[derive(Debug, Default)]
pub struct Catalog {
    by_video: HashMap<String, Arc<Entry>>,
    by_file: HashMap<String, Arc<Entry>>,
}

impl Catalog {
    /// Reads `dir/*.json` once (tests and tools; the server uses [`LiveCatalog`]).
    pub fn load(dir: &Path) -> Catalog {
        let live = LiveCatalog::open(dir, Prices::new());
        let c = live.current();
        Arc::try_unwrap(c).unwrap_or_else(|c| Catalog {
            by_video: c.by_video.clone(),
            by_file: c.by_file.clone(),
        })
    }

    /// The manifest that prices orders for `video_id`.
    pub fn manifest(&self, video_id: &str) -> Option<&Manifest> {
        self.by_video.get(video_id).map(|e| &e.manifest)
    }

    /// Every manifest, in no order.
    pub fn manifests(&self) -> impl Iterator<Item = &Manifest> {
        self.by_video.values().map(|e| &e.manifest)
    }

    /// The manifest of the live show `show` (its `live.show`).
    pub fn show(&self, show: &str) -> Option<&Manifest> {
        self.by_video
            .values()
            .map(|e| &e.manifest)
            .find(|m| m.live.as_ref().is_some_and(|l| l.show == show))
    }

    /// The entry of the live show `show`'s manifest.
    pub fn show_entry(&self, show: &str) -> Option<Arc<Entry>> {
        self.by_video
            .values()
            .find(|e| e.manifest.live.as_ref().is_some_and(|l| l.show == show))
            .cloned()
    }

    /// The entry served as `/manifests/<file>`.
    pub fn served(&self, file: &str) -> Option<Arc<Entry>> {
        self.by_file.get(file).cloned()
    }

    /// Every SKU across all manifests, once, sorted, with whether any
    /// manifest offers it (`available`). Two videos selling the same
    /// product share its stock.
    pub fn skus(&self) -> Vec<(Sku, bool)> {
        let mut out: HashMap<Sku, bool> = HashMap::new();
        for e in self.by_video.values() {
            for p in &e.manifest.products {
                for v in &p.variants {
                    let sku = Sku {
                        product_id: p.id.clone(),
                        variant_id: v.id.clone(),
                    };
                    *out.entry(sku).or_insert(false) |= v.available;
                }
            }
        }
        let mut out: Vec<_> = out.into_iter().collect();
        out.sort();
        out
    }

    /// The currencies a SKU is sold in (for checking admin prices).
    pub fn currencies_of(&self, product_id: &str, variant_id: &str) -> Vec<String> {
        let mut out: Vec<String> =
            self.by_video
                .values()
                .filter(|e| {
                    e.manifest.products.iter().any(|p| {
                        p.id == product_id && p.variants.iter().any(|v| v.id == variant_id)
                    })
                })
                .map(|e| e.manifest.currency.clone())
                .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// A file's signature between polls: size and modification time.
type Signature = (u64, Option<SystemTime>);

/// The last good text of one file, and the signature it was read at.
struct Loaded {
    sig: Signature,
    text: String,
}

#[derive(Default)]
struct Scan {
    /// Per file name: the version pricing now.
    loaded: BTreeMap<String, Loaded>,
    /// Per file name: the signature seen at the last poll, for files that
    /// changed since they were loaded (read once it holds still).
    seen: HashMap<String, Signature>,
    /// Signatures already reported as unparsable (report each once).
    reported: HashMap<String, Signature>,
}

/// The catalog as it is now, reloaded from disk while the server runs.
pub struct LiveCatalog {
    dir: PathBuf,
    /// Where published manifests are written, read on top of `dir`.
    published: Option<PathBuf>,
    current: RwLock<Arc<Catalog>>,
    prices: RwLock<Arc<Prices>>,
    scan: Mutex<Scan>,
}

impl LiveCatalog {
    /// Reads `dir` now (every parsable file, no settling at start-up).
    pub fn open(dir: &Path, prices: Prices) -> LiveCatalog {
        LiveCatalog::open_with_published(dir, None, prices)
    }

    /// Reads `dir` and the published manifests in `published` (on top).
    pub fn open_with_published(
        dir: &Path,
        published: Option<&Path>,
        prices: Prices,
    ) -> LiveCatalog {
        let live = LiveCatalog {
            dir: dir.to_path_buf(),
            published: published.map(Path::to_path_buf),
            current: RwLock::new(Arc::new(Catalog::default())),
            prices: RwLock::new(Arc::new(prices)),
            scan: Mutex::new(Scan::default()),
        };
        live.poll(true);
        live
    }

    /// The catalog pricing orders right now.
    pub fn current(&self) -> Arc<Catalog> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Replaces the admin prices and rebuilds the catalog with them.
    pub fn set_prices(&self, prices: Prices) {
        *self.prices.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(prices);
        let scan = self.scan.lock().unwrap_or_else(|p| p.into_inner());
        self.rebuild(&scan);
    }

    /// One poll of the directory (the reload task calls it once a second).
    /// Returns true when the catalog changed.
    pub fn reload(&self) -> bool {
        self.poll(false)
    }

    /// Reads what changed now, without waiting for files to hold still: for
    /// a file this server has just written whole (a publish).
    pub fn reload_now(&self) -> bool {
        self.poll(true)
    }

    /// The directory published manifests go to, if any.
    pub fn published_dir(&self) -> Option<&Path> {
        self.published.as_deref()
    }

    /// Where the file known as `name` lives.
    fn path_of(&self, name: &str) -> PathBuf {
        match (name.strip_prefix(PUBLISHED), &self.published) {
            (Some(rest), Some(dir)) => dir.join(rest),
            _ => self.dir.join(name),
        }
    }

    fn poll(&self, at_start: bool) -> bool {
        let mut scan = self.scan.lock().unwrap_or_else(|p| p.into_inner());
        let mut files = list(&self.dir);
        if let Some(dir) = &self.published {
            files.extend(
                list(dir)
                    .into_iter()
                    .map(|(k, v)| (format!("{PUBLISHED}{k}"), v)),
            );
        }
        let mut changed = false;
        // Files gone from disk stop pricing.
        let gone: Vec<String> = scan
            .loaded
            .keys()
            .filter(|k| !files.contains_key(*k))
            .cloned()
            .collect();
        for name in gone {
            scan.loaded.remove(&name);
            changed = true;
        }
        for (name, sig) in &files {
            if scan.loaded.get(name).is_some_and(|l| l.sig == *sig) {
                scan.seen.remove(name);
                continue;
            }
            // Changed (or new): read only once it held still for a poll.
            let settled = at_start || scan.seen.get(name) == Some(sig);
            scan.seen.insert(name.clone(), *sig);
            if !settled {
                continue;
            }
            let path = self.path_of(name);
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "warning: catalog: cannot read {}: {e}; skipped",
                        path.display()
                    );
                    continue;
                }
            };
            match parse_str(&text) {
                Ok(_) => {
                    scan.seen.remove(name);
                    scan.loaded.insert(name.clone(), Loaded { sig: *sig, text });
                    changed = true;
                    if !at_start {
                        eprintln!("catalog: {} reloaded", path.display());
                    }
                }
                Err(e) => {
                    if scan.reported.get(name) != Some(sig) {
                        let kept = if scan.loaded.contains_key(name) {
                            "; the last good version keeps pricing"
                        } else {
                            "; skipped"
                        };
                        eprintln!("warning: catalog: {}: {e}{kept}", path.display());
                        scan.reported.insert(name.clone(), *sig);
                    }
                }
            }
        }
        if changed || at_start {
            self.rebuild(&scan);
        }
        changed
    }

    fn rebuild(&self, scan: &Scan) {
        let prices = self
            .prices
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let mut catalog = Catalog::default();
        // Published manifests first: they stand over the site's.
        let (published, site): (Vec<_>, Vec<_>) = scan
            .loaded
            .iter()
            .partition(|(n, _)| n.starts_with(PUBLISHED));
        for (key, loaded) in published.into_iter().chain(site) {
            let (text, manifest) = match priced(&loaded.text, &prices) {
                Some(x) => x,
                None => continue,
            };
            let name = key.strip_prefix(PUBLISHED).unwrap_or(key);
            let id = manifest.video.id.clone();
            if let Some(over) = catalog.by_video.get(&id) {
                if over.published && !key.starts_with(PUBLISHED) {
                    // The site's file name serves the published version.
                    let over = over.clone();
                    catalog.by_file.entry(name.to_string()).or_insert(over);
                } else {
                    eprintln!("warning: catalog: {name} repeats video id \"{id}\"; skipped");
                }
                continue;
            }
            if catalog.by_file.contains_key(name) {
                eprintln!("warning: catalog: {name} is also a published manifest's name; the published one is served");
                continue;
            }
            let entry = Arc::new(Entry {
                manifest,
                served: Arc::from(text),
                file: name.to_string(),
                published: key.starts_with(PUBLISHED),
            });
            catalog.by_video.insert(id, entry.clone());
            catalog.by_file.insert(name.to_string(), entry);
        }
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(catalog);
    }
}

/// `dir/*.json` with their signatures.
fn list(dir: &Path) -> BTreeMap<String, Signature> {
    let mut out = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") {
            continue;
        }
        let Ok(md) = e.metadata() else { continue };
        if md.is_file() {
            out.insert(name, (md.len(), md.modified().ok()));
        }
    }
    out
}

/// The manifest text with admin prices written in, and its parse. `None`
/// if it no longer parses (it did when loaded, so only if prices broke it,
/// which a non-negative price cannot).
fn priced(text: &str, prices: &Prices) -> Option<(String, Manifest)> {
    if prices.is_empty() {
        return parse_str(text).ok().map(|p| (text.to_string(), p.manifest));
    }
    let mut doc: Value = serde_json::from_str(text).ok()?;
    let currency = doc["currency"].as_str().unwrap_or("").to_string();
    let mut touched = false;
    if let Some(products) = doc.get_mut("products").and_then(Value::as_array_mut) {
        for p in products {
            let pid = p["id"].as_str().unwrap_or("").to_string();
            let has_variants = p["variants"].as_array().is_some_and(|v| !v.is_empty());
            if has_variants {
                for v in p["variants"].as_array_mut().into_iter().flatten() {
                    let vid = v["id"].as_str().unwrap_or("").to_string();
                    if let Some(&price) = prices.get(&(pid.clone(), vid, currency.clone())) {
                        v["price"] = price.into();
                        touched = true;
                    }
                }
            } else if let Some(&price) = prices.get(&(pid.clone(), pid.clone(), currency.clone())) {
                p["price"] = price.into();
                touched = true;
            }
        }
    }
    let text = if touched {
        serde_json::to_string_pretty(&doc).ok()?
    } else {
        text.to_string()
    };
    let manifest = parse_str(&text).ok()?.manifest;
    Some((text, manifest))
}
