//! The conformance cases of `profiles/queue.toml`: each test's path is its case id.

mod order {
    use tidy_queue::Queue;

    #[test]
    fn fifo() {
        let mut q = Queue::new(3);
        for i in 0..3 {
            q.push(i).unwrap();
        }
        assert_eq!((q.pop(), q.pop(), q.pop()), (Some(0), Some(1), Some(2)));
    }
}

mod capacity {
    use tidy_queue::{Full, Queue};

    #[test]
    fn full_hands_the_item_back() {
        let mut q = Queue::new(1);
        q.push("a").unwrap();
        assert_eq!(q.push("b"), Err(Full("b")));
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn zero_accepts_nothing() {
        let mut q = Queue::new(0);
        assert_eq!(q.push(1), Err(Full(1)));
        assert!(q.is_empty());
    }
}

mod loss {
    use tidy_queue::Queue;

    #[test]
    fn none_under_churn() {
        let mut q = Queue::new(8);
        let (mut sent, mut got) = (0u64, 0u64);
        for i in 0..10_000u64 {
            if q.push(i).is_ok() {
                sent += i;
            }
            if i % 3 == 0 {
                got += q.pop().unwrap_or(0);
            }
        }
        while let Some(i) = q.pop() {
            got += i;
        }
        assert_eq!(sent, got);
    }
}
