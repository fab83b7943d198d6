//! Values of free-form tables (`[levels]`, `[ambient.extra]`), and how a found value is described
//! in a type error.

use std::ops::Range;

use toml_edit::{Item, Value};

use super::error::ConfigError;
use super::reader::Spanned;
use crate::text::SourceFile;

/// One value of a free-form table, to be read as the caller expects.
pub struct EntryValue<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) item: &'a Item,
    pub(super) key: String,
    pub(super) what: String,
    /// The span of the value.
    pub span: Range<usize>,
}

impl EntryValue<'_> {
    /// The value as a string.
    ///
    /// # Errors
    /// It is something else.
    pub fn string(&self) -> Result<Spanned<String>, ConfigError> {
        self.item.as_str().map(|s| Spanned::new(s.to_owned(), self.span.clone())).ok_or_else(|| {
            ConfigError::at(
                self.file,
                self.span.clone(),
                format!("`{}` in {} must be a string, found {}", self.key, self.what, describe(self.item)),
            )
        })
    }

    /// The value as an array of strings.
    ///
    /// # Errors
    /// It is something else.
    pub fn strings(&self) -> Result<Vec<Spanned<String>>, ConfigError> {
        let err = |found: String| {
            ConfigError::at(
                self.file,
                self.span.clone(),
                format!("`{}` in {} must be an array of strings, found {found}", self.key, self.what),
            )
        };
        let array = self.item.as_array().ok_or_else(|| err(describe(self.item)))?;
        array
            .iter()
            .map(|v| {
                v.as_str()
                    .map(|s| Spanned::new(s.to_owned(), v.span().unwrap_or_else(|| self.span.clone())))
                    .ok_or_else(|| err(describe_value(v)))
            })
            .collect()
    }
}

pub(super) fn describe(item: &Item) -> String {
    match item {
        Item::None => "nothing".to_owned(),
        Item::Table(_) => "a table".to_owned(),
        Item::ArrayOfTables(_) => "an array of tables".to_owned(),
        Item::Value(v) => describe_value(v),
    }
}

pub(super) fn describe_value(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string {}", s.display_repr()),
        Value::Integer(i) => format!("the integer {}", i.value()),
        Value::Float(f) => format!("the float {}", f.value()),
        Value::Boolean(b) => format!("the boolean {}", b.value()),
        Value::Datetime(d) => format!("the date-time {}", d.value()),
        Value::Array(_) => "an array".to_owned(),
        Value::InlineTable(_) => "a table".to_owned(),
    }
}
