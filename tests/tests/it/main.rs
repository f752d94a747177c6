//! The integration tests, as one test binary (rust-analyzer's layout):
//! one link of the four clients, httpmock and the generator instead of one
//! per file. Each module is one subject; run one with
//! `cargo test -p integration-tests --test it <module>::`.

mod bad_mappings;
mod bad_specs;
mod clients;
mod contactship_workflow;
mod delightbridge_workflow;
mod drift;
mod generated_specs;
mod gochat_token;
mod gochat_workflow;
mod hubspot_workflow;
mod mock_helpers;
mod mock_world;
mod normalize;
mod normalize_properties;
mod paging;
mod published_specs;
mod receiver;
mod resilience;
mod shared_target_dir;
mod tracing_output;
mod unified;
mod webhook_events;
mod webhooks;
mod writes;
