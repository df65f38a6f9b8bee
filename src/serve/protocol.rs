//! What the preview tells open pages, as Server-Sent Events (and `/__careerguide/status`):
//! each message serialised once for every listener.

use axum::response::sse::Event;
use serde::Serialize;

use super::state::Snapshot;
use crate::diagnostics::Diagnostic;

/// Beyond this many changed files a reload message says "everything" instead of listing them.
pub const MAX_LISTED: usize = 500;

/// A message to open pages, already serialised once for every listener.
#[derive(Debug, Clone)]
pub struct Message {
    /// SSE event name: `status`, `reload`, `build-error` or `ok`.
    pub name: &'static str,
    /// JSON.
    pub data: String,
}

impl Message {
    /// The state of the preview, sent first to every new listener and by `/status`: the
    /// latest build's problems, and the warnings of the last good build (the same `check`
    /// reports: an editor who never sees the terminal sees them on the page).
    pub fn status(s: &Snapshot) -> Message {
        #[derive(Serialize)]
        struct Status<'a> {
            build: u64,
            ok: bool,
            problems: &'a [Diagnostic],
            warnings: &'a [Diagnostic],
        }
        Message {
            name: "status",
            data: json(&Status {
                build: s.build,
                ok: s.problems.is_empty(),
                problems: &s.problems,
                warnings: &s.warnings,
            }),
        }
    }

    /// After a good build that changed the site: `changed` lists what changed, or is `None`
    /// for "everything" when there are more than [`MAX_LISTED`].
    pub fn reload(build: u64, changed: &[String]) -> Message {
        #[derive(Serialize)]
        struct Reload<'a> {
            build: u64,
            changed: Option<&'a [String]>,
        }
        let changed = (changed.len() <= MAX_LISTED).then_some(changed);
        Message {
            name: "reload",
            data: json(&Reload { build, changed }),
        }
    }

    /// After a failed build. (Not named `error`: that is EventSource's own connection-error
    /// event, and a page could not tell the two apart.)
    pub fn failed(s: &Snapshot) -> Message {
        Message {
            name: "build-error",
            ..Message::status(s)
        }
    }

    /// After a good build that changed nothing on the site, e.g. a mistake undone, or a
    /// warning fixed: hides the problems and shows the warnings now.
    pub fn ok(s: &Snapshot) -> Message {
        Message {
            name: "ok",
            ..Message::status(s)
        }
    }

    pub fn event(&self) -> Event {
        Event::default().event(self.name).data(&self.data)
    }
}

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_errors_are_not_sent_as_the_eventsource_error_event() {
        let s = Snapshot::first_failed(vec![Diagnostic::error("content/a.md", "bad").at(3)]);
        let m = Message::failed(&s);
        assert_eq!(m.name, "build-error");
        assert!(m.data.contains("\"file\":\"content/a.md\""), "{}", m.data);
        assert!(m.data.contains("\"line\":3"), "{}", m.data);
        assert!(m.data.contains("\"ok\":false"), "{}", m.data);
    }

    #[test]
    fn a_problems_detail_reaches_the_page_and_is_left_out_when_absent() {
        let with = Snapshot::first_failed(vec![
            Diagnostic::error("local/content/a.md", "changed upstream")
                .detail("--- old\n+++ new\n-<b>x</b>\n+y"),
        ]);
        let data = Message::status(&with).data;
        assert!(
            data.contains("\"detail\":\"--- old\\n+++ new\\n-<b>x</b>\\n+y\""),
            "{data}"
        );
        let without = Snapshot::first_failed(vec![Diagnostic::error("content/a.md", "bad")]);
        assert!(!Message::failed(&without).data.contains("detail"));
    }

    #[test]
    fn warnings_reach_the_page_with_the_status() {
        let good = Snapshot::first(
            Default::default(),
            Default::default(),
            vec![Diagnostic::warning("content/a.md", "review overdue").at(3)],
            Vec::new(),
        );
        for m in [Message::status(&good), Message::ok(&good)] {
            assert!(m.data.contains("\"ok\":true"), "{}", m.data);
            assert!(
                m.data.contains("\"warnings\":[{\"severity\":\"warning\""),
                "{}",
                m.data
            );
            assert!(m.data.contains("review overdue"), "{}", m.data);
        }
        assert_eq!(Message::ok(&good).name, "ok");
    }

    #[test]
    fn long_lists_of_changes_become_everything() {
        let few = Message::reload(2, &["a.html".to_string()]);
        assert_eq!(few.data, "{\"build\":2,\"changed\":[\"a.html\"]}");
        let many: Vec<String> = (0..=MAX_LISTED).map(|i| format!("{i}.html")).collect();
        assert_eq!(
            Message::reload(3, &many).data,
            "{\"build\":3,\"changed\":null}"
        );
    }
}
