//! Discovery and ingestion: finds every Module Federation app under a directory
//! and extracts its federation options, built manifests, package.json files and
//! lockfiles. Only this stage (with `js`) reads the disk.
//!
//! Filled in by the workspace-reading issue; the engine issue only fixes the layering.
