//! Names every Rust module sees without importing them: the std prelude's macros, and the
//! prelude's types, traits, functions and variants, which a glob import never explains.

/// Macros of the std prelude: `println!` means `std::println`.
pub(crate) const STD_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "compile_error",
    "concat",
    "dbg",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "file",
    "format",
    "format_args",
    "include",
    "include_bytes",
    "include_str",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "print",
    "println",
    "stringify",
    "thread_local",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// The std prelude and the primitive types, sorted (binary search). Under `use std::fs::*;`,
/// `Some(x)` is still the prelude's `Some`, never `std::fs::Some`.
const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    "bool",
    "char",
    "drop",
    "f32",
    "f64",
    "i128",
    "i16",
    "i32",
    "i64",
    "i8",
    "isize",
    "str",
    "u128",
    "u16",
    "u32",
    "u64",
    "u8",
    "usize",
];

/// Whether `name` is a prelude name or a primitive type.
#[must_use]
pub(crate) fn is_prelude_name(name: &str) -> bool {
    PRELUDE.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prelude_list_is_sorted() {
        let mut sorted = super::PRELUDE.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::PRELUDE);
        assert!(super::is_prelude_name("Some") && !super::is_prelude_name("TcpStream"));
    }
}
