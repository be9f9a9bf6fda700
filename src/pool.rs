//! The threads that help sign large batches, one pool per process.
//!
//! A forked child has only the thread that called `fork`: a pool started before the fork
//! (gunicorn `--preload`, Celery prefork, `multiprocessing`'s fork start method) has no threads
//! in the child, and work handed to it would wait forever. So the pool remembers the process
//! that made it, and a process that finds its parent's pool makes its own.

use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

struct ProcessPool {
    pid: u32,
    pool: rayon::ThreadPool,
}

/// The current process's pool once made. A pool is never freed once published: a forked
/// child leaves its parent's copy alone (its threads do not exist there).
static POOL: AtomicPtr<ProcessPool> = AtomicPtr::new(ptr::null_mut());

/// This process's pool, made on first use (`RAYON_NUM_THREADS` threads, else one per core);
/// `None` when no thread can be started, and batches are then signed on the calling thread.
pub fn pool() -> Option<&'static rayon::ThreadPool> {
    let pid = std::process::id();
    let mut seen = POOL.load(Ordering::Acquire);
    loop {
        // SAFETY: a published pool is never freed (see `POOL`).
        if let Some(current) = unsafe { seen.as_ref() } {
            if current.pid == pid {
                return Some(&current.pool);
            }
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("s3presign-{i}"))
            .build()
            .ok()?;
        let made = Box::into_raw(Box::new(ProcessPool { pid, pool }));
        match POOL.compare_exchange(seen, made, Ordering::AcqRel, Ordering::Acquire) {
            // SAFETY: just published, never freed.
            Ok(_) => return Some(unsafe { &(*made).pool }),
            Err(now) => {
                // Another thread of this process published one first: use that one.
                // SAFETY: `made` was never published, so this is its only owner.
                drop(unsafe { Box::from_raw(made) });
                seen = now;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pool_per_process_shared_by_threads() {
        let first = pool().expect("threads start") as *const rayon::ThreadPool;
        let others: Vec<usize> = (0..4)
            .map(|_| std::thread::spawn(|| pool().unwrap() as *const _ as usize))
            .map(|t| t.join().unwrap())
            .collect();
        assert!(others.iter().all(|&p| p == first as usize));
    }
}

/// How a thread of a batch waits for another's chunk: spins briefly, then yields, then
/// sleeps. Such waits are usually a fraction of one chunk.
#[derive(Default)]
pub(crate) struct Backoff(u32);

impl Backoff {
    pub(crate) fn wait(&mut self) {
        self.0 = self.0.saturating_add(1);
        if self.0 < 64 {
            std::hint::spin_loop();
        } else if self.0 < 256 {
            std::thread::yield_now();
        } else {
            std::thread::sleep(std::time::Duration::from_micros(20));
        }
    }
}

/// What the batch pipelines' tests sign with.
#[cfg(test)]
pub(crate) mod stand_in {
    /// A stand-in for signing: the key's own text, uneven in cost so that threads overtake
    /// each other; keys starting with `!` fail, `panic` panics.
    pub(crate) fn sign(key: &String, out: &mut String) -> Result<(), String> {
        if key == "panic" {
            panic!("signing panicked");
        }
        if key.starts_with('!') {
            return Err(format!("bad {key}"));
        }
        let spins = key.len() * 50 + (key.len() % 7) * 400;
        for _ in 0..spins {
            std::hint::black_box(());
        }
        out.push_str(key);
        out.push('|');
        Ok(())
    }

    pub(crate) fn keys(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("k{}", i * 7919 % 100_003)).collect()
    }
}
