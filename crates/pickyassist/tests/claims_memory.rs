//! What remembering webhook keys costs: memory grows with the number of
//! keys, not with their length (a `unique-id` is whatever the sender put).
//! Measured with a counting allocator, in a test binary of its own.

use pickyassist::webhook::Claims;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter only observes sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn five_hundred_megabyte_keys_cost_kilobytes() {
    const KEYS: usize = 500;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let claims = Claims::in_memory(10_000);
    // One megabyte-long key, made distinct in its first bytes each time.
    let mut key = "x".repeat(1 << 20);
    runtime.block_on(async {
        claims
            .begin(Some("warm-up"))
            .await
            .expect("new")
            .commit()
            .await;
    });
    let before = LIVE.load(Ordering::Relaxed);
    runtime.block_on(async {
        for i in 0..KEYS {
            key.replace_range(..8, &format!("{i:08}"));
            let claim = claims.begin(Some(&key)).await.expect("a new key");
            claim.commit().await;
        }
        // They are remembered: each is skipped now.
        key.replace_range(..8, &format!("{:08}", KEYS - 1));
        assert!(claims.begin(Some(&key)).await.is_err(), "remembered");
    });
    let grown = LIVE.load(Ordering::Relaxed) - before;
    let per_key = grown / KEYS as isize;
    eprintln!("{KEYS} keys of 1 MB: the heap grew by {grown} bytes, {per_key} per key");
    // A fingerprint and its state, with the table's overhead: about 100 bytes.
    assert!(
        per_key < 512,
        "{KEYS} keys of 1 MB grew the heap by {grown} bytes ({per_key} per key)"
    );
}
