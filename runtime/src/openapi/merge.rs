//! Responses objects (JSON) merged: one entry per status, whatever produced the responses
//! (this crate's descriptions, or the OpenAPI crate's own for a delegated variant).

use http::StatusCode;
use serde_json::{Map, Value, json};

use super::{HeaderDoc, has_body};

/// The key of a status in a Responses object.
pub(crate) fn status_key(status: Option<StatusCode>) -> String {
    status.map_or_else(|| "default".to_owned(), |s| s.as_u16().to_string())
}

/// `object` with its statuses in order, `default` last (a map that keeps insertion order
/// would otherwise keep the order of the variants).
pub(crate) fn sorted(object: Map<String, Value>) -> Map<String, Value> {
    let mut entries: Vec<(String, Value)> = object.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.parse::<u16>().unwrap_or(u16::MAX));
    for (_, response) in &mut entries {
        if let Value::Object(response) = response {
            response.remove(MERGED);
        }
    }
    entries.into_iter().collect()
}

/// While responses are merged: the descriptions joined so far, each whole (a description may
/// itself contain " or "). Removed by [`sorted`].
const MERGED: &str = "x-responses-merged-descriptions";

/// Adds the Response object `response` (JSON) under `key`, merging it with the one there:
/// descriptions joined with " or ", headers and media types merged, two different schemas
/// of one media type an `anyOf`.
pub(crate) fn merge_response(object: &mut Map<String, Value>, key: &str, response: Value) {
    let Some(existing) = object.get_mut(key) else {
        object.insert(key.to_owned(), response);
        return;
    };
    let (Value::Object(into), Value::Object(mut from)) = (existing, response) else {
        return;
    };
    if let Some(Value::String(new)) = from.remove("description") {
        let mut seen = match into.get(MERGED) {
            Some(Value::Array(list)) => list.clone(),
            _ => vec![into.get("description").cloned().unwrap_or(Value::Null)],
        };
        if !seen.iter().any(|d| d.as_str() == Some(new.as_str())) {
            seen.push(Value::String(new));
            let joined: Vec<&str> = seen.iter().filter_map(Value::as_str).collect();
            into.insert("description".into(), Value::String(joined.join(" or ")));
        }
        into.insert(MERGED.into(), Value::Array(seen));
    }
    for (field, value) in from {
        match (field.as_str(), into.get_mut(&field), value) {
            ("headers", Some(Value::Object(have)), Value::Object(new)) => {
                for (name, header) in new {
                    have.entry(name).or_insert(header);
                }
            }
            ("content", Some(Value::Object(have)), Value::Object(new)) => {
                for (media_type, new_media) in new {
                    let Some(have_media) = have.get_mut(&media_type) else {
                        have.insert(media_type, new_media);
                        continue;
                    };
                    let (Some(have_schema), Some(new_schema)) =
                        (have_media.get_mut("schema"), new_media.get("schema"))
                    else {
                        continue;
                    };
                    match have_schema {
                        _ if have_schema == new_schema => {}
                        Value::Object(o) if o.len() == 1 && o.contains_key("anyOf") => {
                            if let Some(Value::Array(any)) = o.get_mut("anyOf")
                                && !any.contains(new_schema)
                            {
                                any.push(new_schema.clone());
                            }
                        }
                        _ => {
                            let first = have_schema.take();
                            *have_schema = json!({ "anyOf": [first, new_schema] });
                        }
                    }
                }
            }
            (_, None, value) => {
                into.insert(field, value);
            }
            _ => {}
        }
    }
}

/// Adds `headers` to the Response object `response` (JSON), keeping those it has.
pub(crate) fn add_headers(response: &mut Value, headers: &[HeaderDoc]) {
    if headers.is_empty() {
        return;
    }
    let Value::Object(object) = response else {
        return;
    };
    if object.contains_key("$ref") {
        return;
    }
    let entry = object
        .entry("headers")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(have) = entry {
        for header in headers {
            have.entry(header.name.to_string())
                .or_insert_with(|| json!({ "schema": header.schema() }));
        }
    }
}

/// Which of a type's responses an endpoint's status replaces (see [`restatus`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StatusScope {
    /// A class's one response (the first success, else the first: a redirect's).
    Main,
    /// A file's: the whole file under 200; under any other status only that response, as
    /// Starlette serves ranges and conditional requests under 200 only.
    File,
    /// A derived type's (and any other class's): every success status but 206; the
    /// others (errors, redirects, a delegated file's range answers) stay.
    Success,
}

impl StatusScope {
    /// The scope of the responses of `R` as an endpoint's class.
    pub(crate) fn of<R: 'static>() -> Self {
        use std::any::TypeId;
        if TypeId::of::<R>() == TypeId::of::<crate::FileResponse>() {
            StatusScope::File
        } else if TypeId::of::<R>() == TypeId::of::<crate::RedirectResponse>() {
            StatusScope::Main
        } else {
            StatusScope::Success
        }
    }
}

/// The responses (status key, JSON) of a class sent with `status`, as `WithStatus` and
/// `#[endpoint(status_code = ...)]` send it (see [`StatusScope`]): the responses the
/// status replaces take it (merged into one where there are several), without content if
/// the status has none; the others stay as they are.
pub(crate) fn restatus(
    responses: Vec<(String, Value)>,
    status: u16,
    scope: StatusScope,
) -> Map<String, Value> {
    let main = main_position(&responses);
    let replaced = |i: usize, key: &str| match scope {
        StatusScope::Main | StatusScope::File => i == main,
        StatusScope::Success => key.starts_with('2') && key != "206",
    };
    let only_main = scope == StatusScope::File && status != 200;
    let mut object = Map::new();
    for (i, (key, mut response)) in responses.into_iter().enumerate() {
        if only_main && i != main {
            continue;
        }
        let key = if replaced(i, &key) {
            if !has_body(status)
                && let Value::Object(o) = &mut response
            {
                o.remove("content");
            }
            status.to_string()
        } else {
            key
        };
        merge_response(&mut object, &key, response);
    }
    object
}

/// Where the main response of `responses` (status key, JSON) is: the first success (2xx),
/// else the first.
fn main_position(responses: &[(String, Value)]) -> usize {
    responses
        .iter()
        .position(|(key, _)| key.starts_with('2'))
        .unwrap_or(0)
}

/// Merges a delegated type's responses (status key, JSON) into `object`: the delegating
/// variant's doc comment (if any) describes the main one, the others keep theirs, and
/// `headers` are added to each.
pub(crate) fn merge_delegated(
    object: &mut Map<String, Value>,
    responses: Vec<(String, Value)>,
    description: &str,
    headers: &[HeaderDoc],
) {
    let main = main_position(&responses);
    for (i, (key, mut value)) in responses.into_iter().enumerate() {
        if i == main {
            describe(&mut value, description);
        }
        add_headers(&mut value, headers);
        merge_response(object, &key, value);
    }
}

/// Sets the description of a response (JSON) to `description`, when it is not empty: a
/// delegating variant's doc comment.
fn describe(response: &mut Value, description: &str) {
    if !description.is_empty()
        && let Value::Object(object) = response
        && !object.contains_key("$ref")
    {
        object.insert("description".into(), Value::from(description));
    }
}
