//! Dependency edge kinds: what `kinds` in a graph rule filters.

/// A dependency edge kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// `[dependencies]`.
    Normal,
    /// `[build-dependencies]`.
    Build,
    /// `[dev-dependencies]`.
    Dev,
}

impl EdgeKind {
    /// `normal`, `build` or `dev`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Build => "build",
            Self::Dev => "dev",
        }
    }

    /// The manifest table that declares edges of this kind.
    #[must_use]
    pub fn table(self) -> &'static str {
        match self {
            Self::Normal => "dependencies",
            Self::Build => "build-dependencies",
            Self::Dev => "dev-dependencies",
        }
    }

    const fn bit(self) -> u8 {
        match self {
            Self::Normal => 1,
            Self::Build => 2,
            Self::Dev => 4,
        }
    }
}

/// A set of edge kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct EdgeKinds(u8);

impl EdgeKinds {
    /// No kind.
    pub const NONE: Self = Self(0);
    /// All three kinds.
    pub const ALL: Self = Self(7);

    /// This set plus `kind`.
    #[must_use]
    pub fn with(self, kind: EdgeKind) -> Self {
        Self(self.0 | kind.bit())
    }

    /// This set without `kind`.
    #[must_use]
    pub fn without(self, kind: EdgeKind) -> Self {
        Self(self.0 & !kind.bit())
    }

    /// Whether `kind` is in the set.
    #[must_use]
    pub fn contains(self, kind: EdgeKind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Kinds in either set.
    #[must_use]
    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Kinds in both sets.
    #[must_use]
    pub fn intersect(self, other: Self) -> Self {
        Self(self.0 & other.0)
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds in the set, normal first.
    pub fn iter(self) -> impl Iterator<Item = EdgeKind> {
        [EdgeKind::Normal, EdgeKind::Build, EdgeKind::Dev].into_iter().filter(move |k| self.contains(*k))
    }
}
