//! Discovery and ingestion: finds every Module Federation app under a
//! directory and extracts its federation options (statically, from the
//! configs' syntax trees through `fedscope-js`), built manifests,
//! package.json files and lockfiles, with the bundlers' defaults resolved.
//! Only this stage reads the disk.

mod analyze;
pub mod disk;
pub mod eval;
mod extract;
pub mod host;
pub mod lockfile;
mod manifest;
pub mod model;
mod normalize;
mod nx;
pub mod pkg;
pub mod pm;
pub mod sources;
pub mod timings;

pub use analyze::{Options, analyze};
pub use model::*;

/// Text that shows a file builds a federated container (a cheap pre-check).
pub const FEDERATION_MARKERS: [&str; 10] = [
    "ModuleFederationPlugin",
    "NextFederationPlugin",
    "pluginModuleFederation",
    "moduleFederationPlugin",
    "module-federation/vite",
    "vite-plugin-federation",
    "withNativeFederation",
    "withModuleFederation",
    "UniversalFederationPlugin",
    "NodeFederationPlugin",
];
