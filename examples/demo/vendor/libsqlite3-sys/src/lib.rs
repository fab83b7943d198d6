//! Stand-in for the C library bindings.
