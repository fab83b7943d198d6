//! A typed walk over a `toml_edit` document that keeps spans and rejects unknown keys.

use std::ops::Range;

use toml_edit::{Item, Key, TableLike, Value};

use super::entry::{describe, describe_value, EntryValue};
use super::error::{did_you_mean, ConfigError};
use crate::text::SourceFile;
use crate::time::Date;

/// A value with the byte span it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Byte range in the file.
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    /// Wraps a value.
    pub fn new(value: T, span: Range<usize>) -> Self {
        Self { value, span }
    }
}

/// A parsed TOML file ready to be read.
#[derive(Debug)]
pub struct ConfigDoc {
    /// The file, with its text.
    pub file: SourceFile,
    doc: toml_edit::Document<String>,
}

impl ConfigDoc {
    /// Parses `file` as TOML.
    ///
    /// # Errors
    /// The TOML syntax error, located.
    pub fn parse(file: SourceFile) -> Result<Self, ConfigError> {
        match toml_edit::Document::parse(file.text.to_string()) {
            Ok(doc) => Ok(Self { file, doc }),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e.message().trim().trim_end_matches('.').to_owned();
                Err(ConfigError::at(&file, span, format!("invalid TOML: {message}")))
            }
        }
    }

    /// The top-level table, for free-form walks (manifests).
    #[must_use]
    pub fn table(&self) -> &dyn toml_edit::TableLike {
        self.doc.as_table()
    }

    /// A reader over the top-level table.
    #[must_use]
    pub fn root(&self) -> TableReader<'_> {
        TableReader {
            file: &self.file,
            table: self.doc.as_table(),
            what: "the top level".to_owned(),
            span: 0..0,
            asked: Vec::new(),
            free_form: false,
        }
    }
}

/// Reads one table's keys by name and type; [`TableReader::finish`] rejects the keys never read.
pub struct TableReader<'a> {
    file: &'a SourceFile,
    table: &'a dyn TableLike,
    what: String,
    span: Range<usize>,
    asked: Vec<&'static str>,
    free_form: bool,
}

impl<'a> TableReader<'a> {
    /// The file being read.
    #[must_use]
    pub fn file(&self) -> &'a SourceFile {
        self.file
    }

    /// The span of the table (its header, or its first key).
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// An error at `span` in this file.
    #[must_use]
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.file, span, message)
    }

    /// Whether the table has `key` (does not count as reading it).
    #[must_use]
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    fn child(&self, table: &'a dyn TableLike, what: String, span: Range<usize>) -> TableReader<'a> {
        TableReader { file: self.file, table, what, span, asked: Vec::new(), free_form: false }
    }

    /// Whether `key` holds a string (does not count as reading it).
    #[must_use]
    pub fn holds_string(&self, key: &str) -> bool {
        self.table.get(key).is_some_and(|item| item.as_str().is_some())
    }

    /// A sub-table read without marking the key as read (for files that are only partly ours).
    #[must_use]
    pub fn peek_table(&self, key: &str) -> Option<TableReader<'a>> {
        let (k, item) = self.table.get_key_value(key)?;
        let table = item.as_table_like()?;
        Some(self.child(table, self.child_name(key, false), self.key_span(k, item)))
    }

    fn entry(&mut self, key: &'static str) -> Option<(&'a Key, &'a Item)> {
        self.asked.push(key);
        let (k, item) = self.table.get_key_value(key)?;
        (!item.is_none()).then_some((k, item))
    }

    fn key_span(&self, key: &Key, item: &Item) -> Range<usize> {
        key.span().or_else(|| item.span()).unwrap_or_else(|| self.span.clone())
    }

    fn value_span(&self, key: &Key, item: &Item) -> Range<usize> {
        item.span().unwrap_or_else(|| self.key_span(key, item))
    }

    fn wrong_type(&self, key: &str, k: &Key, item: &Item, expected: &str) -> ConfigError {
        self.error(
            self.value_span(k, item),
            format!("`{key}` in {} must be {expected}, found {}", self.what, describe(item)),
        )
    }

    fn missing(&self, key: &str, expected: &str) -> ConfigError {
        // A missing key is often a misspelt one: point at the misspelling instead.
        let misspelt = self.table.iter().find(|(name, _)| *name != key && did_you_mean(name, [key]).is_some());
        if let Some((name, _)) = misspelt {
            let span =
                self.table.get_key_value(name).map_or_else(|| self.span.clone(), |(k, item)| self.key_span(k, item));
            return self
                .error(span, format!("unknown key `{name}` in {}", self.what))
                .with_help(format!("did you mean `{key}`?"));
        }
        self.error(self.span.clone(), format!("{} is missing `{key}` ({expected})", self.what))
    }

    /// An optional string.
    ///
    /// # Errors
    /// The key holds something else.
    pub fn string(&mut self, key: &'static str) -> Result<Option<Spanned<String>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        match item.as_str() {
            Some(s) => Ok(Some(Spanned::new(s.to_owned(), self.value_span(k, item)))),
            None => Err(self.wrong_type(key, k, item, "a string")),
        }
    }

    /// A required, non-empty string.
    ///
    /// # Errors
    /// The key is missing, empty or not a string.
    pub fn required_string(&mut self, key: &'static str) -> Result<Spanned<String>, ConfigError> {
        let value = self.string(key)?.ok_or_else(|| self.missing(key, "a string"))?;
        if value.value.trim().is_empty() {
            return Err(self.error(value.span, format!("`{key}` in {} must not be empty", self.what)));
        }
        Ok(value)
    }

    /// An optional boolean.
    ///
    /// # Errors
    /// The key holds something else.
    pub fn bool(&mut self, key: &'static str) -> Result<Option<bool>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        item.as_bool().map(Some).ok_or_else(|| self.wrong_type(key, k, item, "true or false"))
    }

    /// An optional integer.
    ///
    /// # Errors
    /// The key holds something else.
    pub fn integer(&mut self, key: &'static str) -> Result<Option<Spanned<i64>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        match item.as_integer() {
            Some(n) => Ok(Some(Spanned::new(n, self.value_span(k, item)))),
            None => Err(self.wrong_type(key, k, item, "an integer")),
        }
    }

    /// An optional number: a TOML integer or float (NaN and infinities are refused).
    ///
    /// # Errors
    /// The key holds something else.
    pub fn number(&mut self, key: &'static str) -> Result<Option<Spanned<f64>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        #[expect(clippy::cast_precision_loss, reason = "thresholds beyond 2^53 are not meaningful")]
        let number = item.as_integer().map(|n| n as f64).or_else(|| item.as_float()).filter(|n| n.is_finite());
        match number {
            Some(n) => Ok(Some(Spanned::new(n, self.value_span(k, item)))),
            None => Err(self.wrong_type(key, k, item, "a finite number")),
        }
    }

    /// An optional non-negative integer no larger than `max`.
    ///
    /// # Errors
    /// The key holds something else, or a number out of range.
    pub fn count(&mut self, key: &'static str, max: u32) -> Result<Option<Spanned<u32>>, ConfigError> {
        let Some(n) = self.integer(key)? else {
            return Ok(None);
        };
        match u32::try_from(n.value) {
            Ok(v) if v <= max => Ok(Some(Spanned::new(v, n.span))),
            _ => Err(self.error(n.span, format!("`{key}` in {} must be between 0 and {max}", self.what))),
        }
    }

    /// An optional calendar date: a TOML local date (`2027-01-15`) or a string holding one.
    ///
    /// # Errors
    /// The key holds something else, or a date with a time part.
    pub fn date(&mut self, key: &'static str) -> Result<Option<Spanned<Date>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        let span = self.value_span(k, item);
        let date = match item.as_value() {
            Some(Value::Datetime(dt)) => {
                let dt = dt.value();
                match (dt.date, dt.time, dt.offset) {
                    (Some(d), None, None) => Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
                    _ => None,
                }
            }
            Some(Value::String(s)) => Date::parse(s.value()),
            _ => return Err(self.wrong_type(key, k, item, "a date (YYYY-MM-DD)")),
        };
        date.map(|d| Some(Spanned::new(d, span.clone()))).ok_or_else(|| {
            self.error(span, format!("`{key}` in {} must be a date (YYYY-MM-DD) with no time", self.what))
        })
    }

    /// An optional array of strings.
    ///
    /// # Errors
    /// The key holds something else, or an element is not a string.
    pub fn strings(&mut self, key: &'static str) -> Result<Option<Vec<Spanned<String>>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        let Some(array) = item.as_array() else {
            return Err(self.wrong_type(key, k, item, "an array of strings"));
        };
        array
            .iter()
            .map(|v| {
                let span = v.span().unwrap_or_else(|| self.value_span(k, item));
                match v.as_str() {
                    Some(s) => Ok(Spanned::new(s.to_owned(), span)),
                    None => Err(self.error(
                        span,
                        format!("`{key}` in {} must be an array of strings, found {}", self.what, describe_value(v)),
                    )),
                }
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// An optional sub-table (`[a.b]` or an inline `{ … }`).
    ///
    /// # Errors
    /// The key holds something else.
    pub fn table(&mut self, key: &'static str) -> Result<Option<TableReader<'a>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(None);
        };
        let Some(table) = item.as_table_like() else {
            return Err(self.wrong_type(key, k, item, "a table"));
        };
        Ok(Some(self.child(table, self.child_name(key, false), self.key_span(k, item))))
    }

    /// An array of tables (`[[key]]`, or an array of inline tables); empty when absent.
    ///
    /// # Errors
    /// The key holds something else.
    pub fn tables(&mut self, key: &'static str) -> Result<Vec<TableReader<'a>>, ConfigError> {
        let Some((k, item)) = self.entry(key) else {
            return Ok(Vec::new());
        };
        let what = self.child_name(key, true);
        let readers = match item {
            Item::ArrayOfTables(array) => array
                .iter()
                .map(|t| self.child(t, what.clone(), t.span().unwrap_or_else(|| self.key_span(k, item))))
                .collect(),
            Item::Value(Value::Array(array)) => array
                .iter()
                .map(|v| match v.as_inline_table() {
                    Some(t) => Ok(self.child(t, what.clone(), v.span().unwrap_or_else(|| self.key_span(k, item)))),
                    None => Err(self.wrong_type(key, k, item, "an array of tables")),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(self.wrong_type(key, k, item, "an array of tables (`[[key]]`)")),
        };
        Ok(readers)
    }

    /// Every key of a free-form table, with the key's span; all count as read.
    #[must_use]
    pub fn entries(&mut self) -> Vec<(Spanned<String>, EntryValue<'a>)> {
        self.free_form = true;
        let table = self.table;
        table
            .iter()
            .filter_map(|(name, _)| {
                let (k, item) = table.get_key_value(name)?;
                let value = EntryValue {
                    file: self.file,
                    item,
                    key: name.to_owned(),
                    what: self.what.clone(),
                    span: self.value_span(k, item),
                };
                Some((Spanned::new(name.to_owned(), self.key_span(k, item)), value))
            })
            .collect()
    }

    /// Rejects every key that was never read, suggesting the closest known key.
    ///
    /// # Errors
    /// The first unknown key, located.
    pub fn finish(self) -> Result<(), ConfigError> {
        if self.free_form {
            return Ok(());
        }
        let unknown = self.table.iter().find(|(name, _)| !self.asked.contains(name));
        let Some((name, _)) = unknown else {
            return Ok(());
        };
        let span = match self.table.get_key_value(name) {
            Some((k, item)) => self.key_span(k, item),
            None => self.span.clone(),
        };
        let help = match did_you_mean(name, self.asked.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "known keys here: {}",
                self.asked.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        Err(self.error(span, format!("unknown key `{name}` in {}", self.what)).with_help(help))
    }

    fn child_name(&self, key: &str, array: bool) -> String {
        let parent = self.what.trim_matches(['[', ']']);
        let path = if self.what == "the top level" { key.to_owned() } else { format!("{parent}.{key}") };
        if array {
            format!("[[{path}]]")
        } else {
            format!("[{path}]")
        }
    }
}
