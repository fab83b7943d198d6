//! RFC 8785 JSON Canonicalization Scheme, for the JSON values cargo-gate signs (strings, integers,
//! booleans, null, arrays, objects): object members sorted by their UTF-16 code units, no
//! whitespace, strings escaped as ECMAScript's `JSON.stringify` does.

use std::fmt::Write as _;

use serde_json::Value;

/// The canonical serialization of `value`.
#[must_use]
pub fn canonicalize(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Only integers are ever signed; serde_json prints them exactly as ECMAScript would.
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (key, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_members_and_escapes_like_ecmascript() {
        let v = json!({"b": "x\ny\u{1}", "a": [1, true, null], "é": "“quoted” \\ \"", "A": {}});
        assert_eq!(
            canonicalize(&v),
            "{\"A\":{},\"a\":[1,true,null],\"b\":\"x\\ny\\u0001\",\"é\":\"“quoted” \\\\ \\\"\"}"
        );
    }

    #[test]
    fn member_order_is_by_utf16_code_units() {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB01 in UTF-16, after it in UTF-8.
        let v = json!({"\u{fb01}": 1, "\u{1f600}": 2});
        assert_eq!(canonicalize(&v), "{\"\u{1f600}\":2,\"\u{fb01}\":1}");
    }
}
