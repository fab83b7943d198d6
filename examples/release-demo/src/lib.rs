//! `tidy-queue`: a bounded FIFO queue that refuses, rather than drops, what it cannot hold.

mod clock;

pub use clock::Deadline;

use std::collections::VecDeque;

/// A bounded first-in, first-out queue.
#[derive(Debug)]
pub struct Queue<T> {
    items: VecDeque<T>,
    capacity: usize,
}

/// Why an item was not accepted: the queue was full. The item comes back to the caller.
#[derive(Debug, PartialEq, Eq)]
pub struct Full<T>(pub T);

impl<T> Queue<T> {
    /// An empty queue holding at most `capacity` items.
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self { items: VecDeque::with_capacity(capacity), capacity }
    }

    /// Adds an item at the back, or hands it back when the queue is full.
    ///
    /// # Errors
    /// The queue is full.
    pub fn push(&mut self, item: T) -> Result<(), Full<T>> {
        if self.items.len() == self.capacity {
            return Err(Full(item));
        }
        self.items.push_back(item);
        Ok(())
    }

    /// Removes the item at the front.
    pub fn pop(&mut self) -> Option<T> {
        self.items.pop_front()
    }

    /// How many items it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
