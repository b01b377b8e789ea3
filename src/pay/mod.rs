//! Checkout strategies: the host page's hooks (`host.rs`), the browser's
//! payment sheet (`request.rs` binds `PaymentRequest`, `order.rs` posts the
//! order), and the choice between them (with redirect, which needs no code
//! beyond `model::redirect`).

mod host;
mod order;
mod request;

pub use crate::embed::hooks::Hooks;
pub use host::{host_add, host_checkout};
pub use order::{resume_stored, retry, Pending};
pub use request::{can_make_payment, has_payment_request, pay};

use crate::ui::Buy;

/// The strategy for `checkout.strategy` (`None` = auto) given what the page
/// offers. `pay_ok` is whether `PaymentRequest` exists and
/// `canMakePayment()` said yes (known only after the first sheet opens).
pub fn choose(
    strategy: Option<&str>,
    pay_ok: bool,
    endpoint: bool,
    hooks: bool,
    redirect: bool,
) -> Buy {
    match strategy.unwrap_or("auto") {
        "payment_request" if pay_ok && endpoint => Buy::Pay,
        "host" if hooks => Buy::Host,
        "redirect" if redirect => Buy::Redirect,
        "auto" if pay_ok && endpoint => Buy::Pay,
        "auto" if hooks => Buy::Host,
        "auto" if redirect => Buy::Redirect,
        _ => Buy::None,
    }
}
