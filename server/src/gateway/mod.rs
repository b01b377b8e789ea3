//! Payment gateways: how the server moves money, as Stripe's PaymentIntents
//! do it: **authorize** (the money is reserved on the card), then
//! **capture** (it is taken), or **void** (the reservation is released);
//! **refund** gives captured money back; **lookup** asks where a payment
//! stands. Every call names the payment by *our* reference (the order id)
//! and is idempotent by it, so repeating a call whose answer was lost is
//! always safe: the gateway answers what the first call did.
//!
//! The server only ever sees the wallet's opaque token (DESIGN.md
//! invariant 8). Calls are async and run on the runtime, never on the
//! store's writer thread, so a gateway's latency never serialises orders.
//!
//! - [`test::TestGateway`]: in-memory books with documented test tokens;
//!   only with `--test-payments`.
//! - [`http::HttpGateway`]: a payment service behind a small JSON contract
//!   (server/README.md, "The HTTP gateway contract").
//! - [`standin`]: a local payment service speaking that contract, which can
//!   be slow, fail, time out, or apply a call and drop the connection; for
//!   tests, benches and the demo.

pub mod http;
pub mod ledger;
pub mod standin;
pub mod test;

use std::fmt;

use async_trait::async_trait;

/// One payment's money: our reference, the amount in minor units and its
/// ISO 4217 currency.
#[derive(Debug, Clone, Copy)]
pub struct Charge<'a> {
    pub reference: &'a str,
    pub amount: i64,
    pub currency: &'a str,
}

/// The answer to an authorize call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorization {
    /// The money is reserved; `id` is the gateway's own id, for the
    /// merchant's reconciliation.
    Approved { id: String },
    /// Refused. `reason` is shown to the viewer, so plain words and never
    /// card data.
    Declined { reason: String },
    /// The reference was voided before this authorization could happen:
    /// nothing is reserved, and nothing ever will be under it.
    Voided,
}

/// Where a payment stands at the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The gateway has never seen the reference (an authorize that never
    /// arrived).
    NotFound,
    Authorized {
        id: String,
    },
    Captured,
    Voided,
    Refunded,
    Declined {
        reason: String,
    },
}

/// A call that did not give a definite answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayError {
    /// No answer, a timeout, a dropped connection or a 5xx: the call may
    /// or may not have been applied. Repeating it with the same reference
    /// is safe and is how the outcome is learnt.
    Unavailable(String),
    /// The gateway refused the call for good (a capture of a voided
    /// payment, a bad secret): repeating it will not help.
    Refused(String),
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatewayError::Unavailable(m) => write!(f, "payment service unavailable: {m}"),
            GatewayError::Refused(m) => write!(f, "payment service refused the call: {m}"),
        }
    }
}

impl std::error::Error for GatewayError {}

#[async_trait]
pub trait PaymentGateway: Send + Sync + 'static {
    /// One line for the start-up banner and logs, e.g. `test gateway` or
    /// `HTTP gateway at https://pay.example/`. Never the secret.
    fn describe(&self) -> String;

    /// True for gateways that move no real money: their orders are
    /// stored and served with `"test": true`.
    fn is_test(&self) -> bool {
        false
    }

    /// Reserves `charge.amount` on `token`. `key` is the checkout's
    /// `Idempotency-Key`, passed on for the merchant's reconciliation.
    async fn authorize(
        &self,
        charge: Charge<'_>,
        token: &str,
        key: &str,
    ) -> Result<Authorization, GatewayError>;

    /// Takes the reserved money. Repeating it never takes it twice.
    async fn capture(&self, charge: Charge<'_>) -> Result<(), GatewayError>;

    /// Releases an authorization (or forbids one still to come).
    async fn void(&self, reference: &str) -> Result<(), GatewayError>;

    /// Gives captured money back, in full.
    async fn refund(&self, charge: Charge<'_>) -> Result<(), GatewayError>;

    /// Where the payment under `reference` stands.
    async fn lookup(&self, reference: &str) -> Result<Status, GatewayError>;
}
