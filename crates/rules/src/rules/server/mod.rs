//! Server state: QueryClients, their caches, and the TanStack Query API across apps.

pub mod cross_app_invalidation_missing;
pub mod invalidate_queries_legacy_signature;
pub mod query_client_split;
pub mod query_context_sharing_removed;
