//! Which WhatsApp messages are forwarded, and how they become a
//! [`WebhookMessage`]. Pure functions over a plain struct so the rules are
//! tested without whatsapp-rust types.

use crate::dealflow::WebhookMessage;

/// Dealflow refuses names longer than this (characters).
pub const MAX_NAME_CHARS: usize = 200;

/// The parts of an incoming WhatsApp message the bridge looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingMessage {
    /// WhatsApp message id.
    pub id: String,
    /// Chat JID (`…@g.us` for a group).
    pub chat: String,
    pub is_group: bool,
    pub is_from_me: bool,
    /// Sender JID, e.g. `31612345678@s.whatsapp.net` or `1234567890@lid`.
    pub sender: String,
    /// The sender's display name; empty when WhatsApp sent none.
    pub push_name: String,
    /// Unix seconds.
    pub timestamp: i64,
    /// Plain or extended text; `None` for media without text, reactions, etc.
    pub text: Option<String>,
}

/// Forward only text messages in groups, written by someone else.
pub fn should_forward(m: &IncomingMessage) -> bool {
    m.is_group && !m.is_from_me && m.text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// The user part of a JID: `31612345678:12@s.whatsapp.net` → `31612345678`.
pub fn jid_user(jid: &str) -> &str {
    let user = jid.split_once('@').map_or(jid, |(u, _)| u);
    let user = user.split_once(':').map_or(user, |(u, _)| u);
    user.split_once('.').map_or(user, |(u, _)| u)
}

/// Builds the webhook body, or `None` when the message is not forwarded.
/// `group_name` is the cached subject; the group JID stands in without one.
pub fn to_webhook_message(m: &IncomingMessage, group_name: Option<&str>) -> Option<WebhookMessage> {
    if !should_forward(m) {
        return None;
    }
    let sender = match m.push_name.trim() {
        "" => jid_user(&m.sender),
        name => name,
    };
    let sender = if sender.is_empty() {
        m.sender.as_str()
    } else {
        sender
    };
    let group_name = group_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&m.chat);
    Some(WebhookMessage {
        message_id: m.id.clone(),
        group_id: m.chat.clone(),
        group_name: clip(group_name, MAX_NAME_CHARS),
        sender: clip(sender, MAX_NAME_CHARS),
        timestamp: m.timestamp,
        text: m.text.clone().unwrap_or_default(),
    })
}

fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => s[..cut].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group_msg() -> IncomingMessage {
        IncomingMessage {
            id: "3EB0C0FFEE".into(),
            chat: "120363025246125888@g.us".into(),
            is_group: true,
            is_from_me: false,
            sender: "31612345678:3@s.whatsapp.net".into(),
            push_name: "Jan de Vries".into(),
            timestamp: 1_767_225_600,
            text: Some("Selling 20 units, 5% commission".into()),
        }
    }

    #[test]
    fn group_text_from_someone_else_is_forwarded() {
        let out = to_webhook_message(&group_msg(), Some("Deals NL")).unwrap();
        assert_eq!(
            out,
            WebhookMessage {
                message_id: "3EB0C0FFEE".into(),
                group_id: "120363025246125888@g.us".into(),
                group_name: "Deals NL".into(),
                sender: "Jan de Vries".into(),
                timestamp: 1_767_225_600,
                text: "Selling 20 units, 5% commission".into(),
            }
        );
    }

    #[test]
    fn direct_chats_are_skipped() {
        let m = IncomingMessage {
            is_group: false,
            chat: "31612345678@s.whatsapp.net".into(),
            ..group_msg()
        };
        assert!(!should_forward(&m));
        assert_eq!(to_webhook_message(&m, None), None);
    }

    #[test]
    fn own_messages_are_skipped() {
        let m = IncomingMessage {
            is_from_me: true,
            ..group_msg()
        };
        assert_eq!(to_webhook_message(&m, Some("Deals NL")), None);
    }

    #[test]
    fn empty_or_missing_text_is_skipped() {
        for text in [None, Some(String::new()), Some("  \n\t ".into())] {
            let m = IncomingMessage {
                text,
                ..group_msg()
            };
            assert_eq!(to_webhook_message(&m, Some("Deals NL")), None);
        }
    }

    #[test]
    fn sender_falls_back_to_the_jid_user() {
        let m = IncomingMessage {
            push_name: String::new(),
            ..group_msg()
        };
        assert_eq!(to_webhook_message(&m, None).unwrap().sender, "31612345678");
        let m = IncomingMessage {
            push_name: "   ".into(),
            sender: "98765@lid".into(),
            ..group_msg()
        };
        assert_eq!(to_webhook_message(&m, None).unwrap().sender, "98765");
    }

    #[test]
    fn group_name_falls_back_to_the_group_jid() {
        assert_eq!(
            to_webhook_message(&group_msg(), None).unwrap().group_name,
            "120363025246125888@g.us"
        );
        assert_eq!(
            to_webhook_message(&group_msg(), Some(" "))
                .unwrap()
                .group_name,
            "120363025246125888@g.us"
        );
    }

    #[test]
    fn long_names_are_clipped_to_what_dealflow_accepts() {
        let m = IncomingMessage {
            push_name: "é".repeat(300),
            ..group_msg()
        };
        let out = to_webhook_message(&m, Some(&"g".repeat(250))).unwrap();
        assert_eq!(out.sender.chars().count(), MAX_NAME_CHARS);
        assert_eq!(out.group_name.chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn jid_user_parts() {
        assert_eq!(jid_user("31612345678@s.whatsapp.net"), "31612345678");
        assert_eq!(jid_user("31612345678:12@s.whatsapp.net"), "31612345678");
        assert_eq!(jid_user("31612345678.0:12@s.whatsapp.net"), "31612345678");
        assert_eq!(jid_user("12345@lid"), "12345");
        assert_eq!(jid_user("plain"), "plain");
    }
}
