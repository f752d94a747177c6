//! The in-process mock (`conversations::mock`, the cli's `--mock`) serves
//! only values the client accepts back: per provider, the first thread id
//! a list returns is walked through get, messages, reply and update, each
//! answering what the mapping says (a value, `Unsupported` where the
//! provider lacks the operation, `Invalid` where it cannot take the
//! request). The cli's exit codes for the same walk (0, 3, 2) are checked
//! by `.ci/run` on the built example.

use conversations::{
    AssigneeKind, AssigneeUpdate, ConversationsClient, ErrorKind, NewMessage, Provider,
    ThreadQuery, ThreadStatus, ThreadUpdate,
};
use futures::TryStreamExt as _;

/// What a step of the walk must answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// A value, of this provider.
    Value,
    /// `Error::Unsupported`: the provider has no such operation.
    Unsupported,
    /// `Error::Invalid`: the provider cannot take this request.
    Invalid,
}

/// A step of the walk on the thread `id`.
#[derive(Clone, Debug)]
enum Step {
    Threads(ThreadQuery),
    Thread,
    Messages,
    Reply(NewMessage),
    Update(ThreadUpdate),
}

fn client(provider: Provider, base_url: &str) -> Box<dyn ConversationsClient> {
    match provider {
        Provider::Contactship => {
            Box::new(contactship_client::Client::with_api_key(base_url, "mock"))
        }
        Provider::Hubspot => Box::new(hubspot_client::Client::with_bearer_token(base_url, "mock")),
        Provider::Delightbridge => Box::new(
            delightbridge_client::Client::with_authjs_session_token_cookie(base_url, "mock"),
        ),
        Provider::Gochat => Box::new(gochat_client::Client::with_bearer_token(base_url, "mock")),
    }
}

fn threads(inbox: Option<&str>, status: Option<ThreadStatus>) -> Step {
    Step::Threads(ThreadQuery {
        inbox: inbox.map(str::to_owned),
        status,
        ..ThreadQuery::default()
    })
}

fn update(status: Option<ThreadStatus>, assignee: Option<AssigneeUpdate>) -> Step {
    Step::Update(ThreadUpdate { status, assignee })
}

fn reply(sender: Option<&str>) -> Step {
    Step::Reply(NewMessage {
        sender: sender.map(str::to_owned),
        ..NewMessage::text("hello")
    })
}

/// The walk of `provider`, as `.ci/run` walks the cli.
fn walk(provider: Provider) -> Vec<(Step, Expect)> {
    use Expect::{Invalid, Unsupported, Value};
    let assign = AssigneeUpdate::Set {
        id: "u-1".into(),
        kind: AssigneeKind::Agent,
    };
    match provider {
        Provider::Contactship => vec![
            (Step::Thread, Value),
            (Step::Messages, Unsupported),
            (reply(None), Value),
            (update(Some(ThreadStatus::Closed), Some(assign)), Value),
            (update(None, Some(AssigneeUpdate::Clear)), Value),
        ],
        Provider::Hubspot => vec![
            (threads(None, Some(ThreadStatus::Open)), Value),
            (Step::Thread, Value),
            (Step::Messages, Value),
            (reply(None), Invalid),
            (reply(Some("A-1")), Value),
            (update(Some(ThreadStatus::Closed), None), Value),
            (update(Some(ThreadStatus::Pending), None), Invalid),
        ],
        Provider::Delightbridge => vec![
            (threads(None, None), Invalid),
            (Step::Thread, Value),
            (Step::Messages, Value),
            (reply(None), Value),
            (update(Some(ThreadStatus::Closed), None), Value),
        ],
        Provider::Gochat => vec![
            (Step::Thread, Value),
            (Step::Messages, Value),
            (reply(None), Value),
            (update(None, None), Value),
            (update(Some(ThreadStatus::Closed), None), Invalid),
        ],
    }
}

/// The query that lists `provider`'s threads, where it lists them.
fn listing(provider: Provider) -> ThreadQuery {
    ThreadQuery {
        inbox: (provider == Provider::Delightbridge).then(|| "service_123".to_owned()),
        ..ThreadQuery::default()
    }
}

/// Runs `step` on `id`: what it answered, and how many values.
async fn run(client: &dyn ConversationsClient, step: Step, id: &str) -> Result<usize, ErrorKind> {
    let provider = client.provider();
    let kind = |e: conversations::Error| e.kind();
    match step {
        Step::Threads(query) => {
            let threads: Vec<_> = client
                .list_threads(query)
                .try_collect()
                .await
                .map_err(kind)?;
            assert!(
                threads.iter().all(|t| t.provider == provider),
                "{threads:?}"
            );
            Ok(threads.len())
        }
        Step::Thread => {
            let thread = client.get_thread(id).await.map_err(kind)?;
            assert_eq!(thread.provider, provider);
            Ok(1)
        }
        Step::Messages => {
            let messages: Vec<_> = client.list_messages(id).try_collect().await.map_err(kind)?;
            assert!(
                messages.iter().all(|m| m.provider == provider),
                "{messages:?}"
            );
            Ok(messages.len())
        }
        Step::Reply(message) => {
            let sent = client.send_message(id, message).await.map_err(kind)?;
            assert!(
                sent.message.is_some()
                    || sent.id.is_some()
                    || sent.status.is_some()
                    || sent.raw.get() == "null",
                "{sent:?}"
            );
            Ok(1)
        }
        Step::Update(update) => {
            let thread = client.update_thread(id, update).await.map_err(kind)?;
            assert_eq!(thread.provider, provider);
            Ok(1)
        }
    }
}

#[tokio::test]
async fn every_provider_walks_from_the_id_its_mock_lists() {
    for &provider in Provider::ALL {
        let server = conversations::mock::server(provider).await;
        let client = client(provider, &server.base_url());
        let listed: Result<Vec<_>, _> = client.list_threads(listing(provider)).try_collect().await;
        let id = match listed {
            Ok(threads) => {
                // Two pages of the provider's own scheme.
                assert!(threads.len() >= 2, "{provider}: {threads:?}");
                threads[0].id.clone()
            }
            Err(error) if error.kind() == ErrorKind::Unsupported => "thr-1".to_owned(),
            Err(error) => panic!("{provider}: listing threads failed: {error}"),
        };
        for (step, expect) in walk(provider) {
            let what = format!("{provider} {step:?} on {id}");
            match (run(client.as_ref(), step, &id).await, expect) {
                (Ok(count), Expect::Value) => assert!(count >= 1, "{what}: nothing"),
                (Err(ErrorKind::Unsupported), Expect::Unsupported)
                | (Err(ErrorKind::Invalid), Expect::Invalid) => {}
                (answer, expect) => panic!("{what}: expected {expect:?}, got {answer:?}"),
            }
        }
    }
}

/// Each paged list of the mock spans two pages: the walk above reads both.
#[tokio::test]
async fn listed_messages_span_two_pages_where_the_provider_pages_them() {
    for provider in [Provider::Hubspot, Provider::Gochat] {
        let server = conversations::mock::server(provider).await;
        let client = client(provider, &server.base_url());
        let messages: Vec<_> = client
            .list_messages("1")
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{provider}: {e}"));
        assert!(messages.len() >= 2, "{provider}: {messages:?}");
    }
}
