//! The registry: every rule, one file each, grouped by the tables of `rules.md`.

use crate::Rule;

pub mod client;
pub mod events;
pub mod outcome;
pub mod resilience;
pub mod server;
pub mod share;
pub mod unused_ignore;
pub mod workspace;

/// Every rule, in the order of `rules.md`.
pub static RULES: &[&dyn Rule] = &[
    &share::singleton_not_declared::SingletonNotDeclared,
    &share::shared_asymmetric::SharedAsymmetric,
    &share::required_version_missing::RequiredVersionMissing,
    &share::required_version_drift::RequiredVersionDrift,
    &share::strict_version_conflict::StrictVersionConflict,
    &share::eager_shared::EagerShared,
    &share::shared_version_unknown::SharedVersionUnknown,
    &share::remote_entry_conflict::RemoteEntryConflict,
    &outcome::duplicate_instance::DuplicateInstance,
    &outcome::singleton_version_unsatisfied::SingletonVersionUnsatisfied,
    &outcome::singleton_version_error::SingletonVersionError,
    &outcome::no_satisfying_version::NoSatisfyingVersion,
    &outcome::load_order_dependent::LoadOrderDependent,
    &outcome::missing_async_boundary::MissingAsyncBoundary,
    &client::store_split_instance::StoreSplitInstance,
    &client::store_created_in_render::StoreCreatedInRender,
    &client::nested_store_provider::NestedStoreProvider,
    &client::server_state_in_client_store::ServerStateInClientStore,
    &client::persist_key_collision::PersistKeyCollision,
    &server::query_client_split::QueryClientSplit,
    &server::query_context_sharing_removed::QueryContextSharingRemoved,
    &server::invalidate_queries_legacy_signature::InvalidateQueriesLegacySignature,
    &server::cross_app_invalidation_missing::CrossAppInvalidationMissing,
    &events::listener_without_cleanup::ListenerWithoutCleanup,
    &events::broadcast_channel_not_closed::BroadcastChannelNotClosed,
    &events::event_contract_mismatch::EventContractMismatch,
    &resilience::remote_without_error_boundary::RemoteWithoutErrorBoundary,
    &resilience::remote_load_unguarded::RemoteLoadUnguarded,
    &workspace::singleton_multiple_installed::SingletonMultipleInstalled,
    &workspace::package_manager_dedupe::PackageManagerDedupe,
    &workspace::federation_runtime_mismatch::FederationRuntimeMismatch,
    &unused_ignore::UnusedIgnore,
];

/// The rule of that name.
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name)
}

/// Implements [`Rule`] for a declared rule whose `check` is a free function.
#[macro_export]
macro_rules! impl_rule {
    ($ty:ident, $check:path) => {
        impl $crate::Rule for $ty {
            fn meta(&self) -> &'static $crate::Meta {
                &$ty::META
            }
            fn check(&self, cx: &$crate::Context, out: &mut Vec<$crate::Diagnostic>) {
                $check(cx, out)
            }
        }
    };
}
