//! Share configuration: what each app's `shared` says, checked per group.

pub mod eager_shared;
pub mod remote_entry_conflict;
pub mod required_version_drift;
pub mod required_version_missing;
pub mod shared_asymmetric;
pub mod shared_version_unknown;
pub mod singleton_not_declared;
pub mod strict_version_conflict;
