//! The catalog that prices orders: the manifests this server serves, read
//! once at start-up from `<site>/manifests/*.json` with the widget's own
//! parser, and keyed by `video.id`. The server never prices from anything a
//! browser sends (DESIGN.md invariant 9); what the viewer's page loaded is
//! what the catalog holds, so the two agree unless someone tampered.
//!
//! A manifest that fails to parse is reported on stderr and skipped: the
//! demo ships a deliberately broken one, and one bad file must not take the
//! whole shop down. Tag warnings are not reported: tags don't affect prices.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::Path;

use shoppable::model::manifest::{parse_str, Manifest};

/// One stock-keeping unit: variant ids are unique only within their product.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sku {
    pub product_id: String,
    pub variant_id: String,
}

/// The manifests by `video.id`.
#[derive(Debug, Default)]
pub struct Catalog {
    by_video: HashMap<String, Manifest>,
}

impl Catalog {
    /// Reads `dir/*.json` in name order. A missing directory is an empty
    /// catalog (the site directory is optional; `serve` already warns).
    /// When two files claim the same `video.id`, the first one wins and the
    /// other is reported.
    pub fn load(dir: &Path) -> Catalog {
        let mut files: Vec<_> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
                .collect(),
            Err(_) => Vec::new(),
        };
        files.sort();
        let mut catalog = Catalog::default();
        for file in files {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "warning: catalog: cannot read {}: {e}; skipped",
                        file.display()
                    );
                    continue;
                }
            };
            match parse_str(&text) {
                Ok(parsed) => match catalog.by_video.entry(parsed.manifest.video.id.clone()) {
                    Entry::Occupied(e) => eprintln!(
                        "warning: catalog: {} repeats video id \"{}\"; skipped",
                        file.display(),
                        e.key()
                    ),
                    Entry::Vacant(e) => {
                        e.insert(parsed.manifest);
                    }
                },
                Err(e) => eprintln!("warning: catalog: {}: {e}; skipped", file.display()),
            }
        }
        catalog
    }

    /// The manifest that prices orders for `video_id`.
    pub fn manifest(&self, video_id: &str) -> Option<&Manifest> {
        self.by_video.get(video_id)
    }

    /// Every SKU across all manifests, once, sorted, with whether any
    /// manifest offers it (`available`). Two videos selling the same
    /// product share its stock.
    pub fn skus(&self) -> Vec<(Sku, bool)> {
        let mut out: HashMap<Sku, bool> = HashMap::new();
        for m in self.by_video.values() {
            for p in &m.products {
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
}
