//! The checked `operations:` section, as plain data for the emitter.

/// The unified operations a provider has; `None` where it has none.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct OperationsPlan {
    pub(crate) list_threads: Option<ListPlan>,
    pub(crate) list_messages: Option<MessagesPlan>,
    pub(crate) send_message: Option<WritePlan>,
    pub(crate) update_thread: Option<WritePlan>,
}

/// A list operation, read page after page.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ListPlan {
    /// The operationId (a GET).
    pub(crate) operation: String,
    /// The provider schema of each item: the thread section's, or a message
    /// section's.
    pub(crate) schema: String,
    /// Where a page's body holds the items; empty when the body is the list.
    pub(crate) items: Vec<String>,
    pub(crate) scheme: SchemePlan,
    /// The query's fields the provider applies, as its query parameters.
    pub(crate) query: Vec<QueryPlan>,
    /// Query parameters always sent with the same value (`fixed:`).
    pub(crate) fixed: Vec<(String, String)>,
    /// `schema` is a polymorphic base: its subtypes, each mapped by the
    /// message section of the same name (the enum's variants).
    pub(crate) union: Option<Vec<String>>,
}

/// How the pages of a list follow each other (`x-pagination`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SchemePlan {
    Cursor {
        param: String,
        next: Vec<String>,
    },
    Offset {
        param: String,
        total: Option<Vec<String>>,
    },
    /// No `x-pagination`: one request answers the whole list.
    Single,
}

/// A field of `ThreadQuery` sent as a query parameter.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct QueryPlan {
    pub(crate) input: QueryInput,
    pub(crate) param: String,
    /// For `status`: model value → the provider's value; a status not
    /// listed cannot be asked for (`Error::Invalid`).
    pub(crate) map: Vec<(String, String)>,
    /// The parameter is required: a query without the field is refused
    /// before any request.
    pub(crate) required: bool,
}

pub(crate) use crate::mapping::syntax::operations::QueryInput;

/// Where a thread's messages are listed from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum MessagesPlan {
    /// A list operation of the thread's messages.
    Listed(ListPlan),
    /// `embedded: true`: the thread as `get_thread` returns it carries them.
    Embedded,
}

/// A write: its requests in order, and what it answers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WritePlan {
    pub(crate) steps: Vec<StepPlan>,
    pub(crate) answer: AnswerPlan,
    /// Some body value reads the thread: it is fetched first.
    pub(crate) reads_thread: bool,
    /// Some body value reads the thread's messages: they are listed first
    /// (by the section's `list_messages`).
    pub(crate) reads_messages: bool,
    /// The inputs some body value reads; a caller's value of any other is
    /// refused (`Error::Invalid`), never dropped.
    pub(crate) reads: Vec<Input>,
}

/// One request of a write: an operation whose one path parameter (if any)
/// is the thread id.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StepPlan {
    pub(crate) operation: String,
    /// `variant:`, where the request body is a `oneOf`: the member sent.
    pub(crate) variant: Option<String>,
    /// The JSON body, property by property; `None`: no body.
    pub(crate) body: Option<Vec<BodyFieldPlan>>,
}

/// A property of a request body and where its value comes from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BodyFieldPlan {
    pub(crate) name: String,
    pub(crate) value: BodyValue,
    /// The request schema requires it: without a value the request is
    /// refused before any is sent.
    pub(crate) required: bool,
    /// The property is `nullable`: clearing it sends JSON `null`.
    pub(crate) nullable: bool,
}

/// A body value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum BodyValue {
    /// `{ input: i }` (or a list: the first given), through `map` for an
    /// enum (model value → the provider's).
    Input {
        inputs: Vec<Input>,
        map: Vec<(String, String)>,
    },
    /// `{ thread: path }`: a field of the thread, as `get_thread` returns it.
    Thread(Vec<String>),
    /// `{ const: v }`.
    Const(serde_json::Value),
    /// `{ latest_message: … }`: from the thread's latest message of a kind.
    LatestMessage(LatestMessage),
}

/// `{ latest_message: { by, where, each, fields } }`: of the thread's
/// messages (as `list_messages` lists them, raw), the latest by `by` among
/// those whose fields have the values `where` gives; then one object per
/// element of its list `each`, with `fields` copied from the element.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LatestMessage {
    /// The time field that orders the messages (RFC 3339); ties, and
    /// messages without it, go by the order listed (the later wins).
    pub(crate) by: String,
    /// Field → the text it must have.
    pub(crate) filter: Vec<(String, String)>,
    /// The list field of the message whose elements become the objects.
    pub(crate) each: String,
    /// Object property ← element field; `true`: as a list of that one value.
    pub(crate) fields: Vec<(String, String, bool)>,
}

/// What a write's caller gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    ThreadId,
    Text,
    /// The text as HTML (`client_runtime::__private::normalize::text_as_html`).
    TextHtml,
    Html,
    Sender,
    Status,
    AssigneeId,
    AssigneeKind,
}

impl Input {
    /// The inputs of `send_message`, then those of `update_thread`.
    pub(crate) const SEND: [Input; 5] = [
        Input::ThreadId,
        Input::Text,
        Input::TextHtml,
        Input::Html,
        Input::Sender,
    ];
    pub(crate) const UPDATE: [Input; 4] = [
        Input::ThreadId,
        Input::Status,
        Input::AssigneeId,
        Input::AssigneeKind,
    ];

    /// As written in a mapping file.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Input::ThreadId => "thread_id",
            Input::Text => "text",
            Input::TextHtml => "text_html",
            Input::Html => "html",
            Input::Sender => "sender",
            Input::Status => "status",
            Input::AssigneeId => "assignee.id",
            Input::AssigneeKind => "assignee.kind",
        }
    }

    /// The model enum an input's values come from, for `map`.
    pub(crate) fn model_enum(self) -> Option<&'static str> {
        match self {
            Input::Status => Some("ThreadStatus"),
            Input::AssigneeKind => Some("AssigneeKind"),
            _ => None,
        }
    }

    /// The field of the caller's request it comes from, as
    /// `Error::Invalid` names it.
    pub(crate) fn field(self) -> &'static str {
        match self {
            Input::ThreadId => "thread_id",
            Input::Text | Input::TextHtml => "text",
            Input::Html => "html",
            Input::Sender => "sender",
            Input::Status => "status",
            Input::AssigneeId | Input::AssigneeKind => "assignee",
        }
    }
}

/// What a write answers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum AnswerPlan {
    /// `answer: thread`: the last response is the updated thread.
    Thread,
    /// `answer: get_thread`: the thread is read again afterwards.
    ReadThread,
    /// `answer: { id: path, status: path }`: the provider's ids and status
    /// of what was sent, from the last response.
    Ids {
        id: Option<Vec<String>>,
        status: Option<Vec<String>>,
    },
    /// `answer: none`: the last response has no body (a 204).
    Nothing,
    /// `answer: message`: the last response is the message sent, in a
    /// schema some message section maps (or the messages' union).
    Message,
}
