//! The consent ledger and the gate that every item featuring a patient must pass.

pub mod gate;
pub mod ledger;

pub use gate::{ConsentVerdict, Finding, PatientUse, evaluate};
pub use ledger::{ConsentRecord, Ledger, Medium, Signer, load_ledger};
pub mod audit;
