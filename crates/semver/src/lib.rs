//! The three semver dialects fedscope needs, each faithful to its own real
//! implementation (see `oracle/` for the differential tests that prove it):
//!
//! - [`webpack`]: webpack 5's `lib/sharing/semver.js`, used by the classic
//!   Module Federation runtime (ranges parsed at build time);
//! - [`mf2`]: the Module Federation 2 runtime's own semver
//!   (`@module-federation/runtime-core`), used at runtime by the MF2 share scope;
//! - [`npm`]: node-semver, for package.json ranges and lockfile versions.
//!
//! They disagree on prereleases, partial versions, `v` prefixes and more, so a
//! question is always asked in the dialect of the code that will answer it.

pub mod arbitrary;
pub mod js;
pub mod mf2;
pub mod npm;
pub mod webpack;
