//! One sort for every element type, in the wasm module. The standard library's sorts are
//! fast, but each element type and comparison instantiates kilobytes of them: 36 KB of
//! the module (7 KB brotli) for the dozen sorts of the search and the index writer. The
//! native build keeps them.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, like `sort_unstable_by`: the order of elements that compare
/// equal is unspecified, so `compare` should be a total order for results that do not
/// depend on the build.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if cfg!(target_arch = "wasm32") {
        heapsort(v.len(), &mut |i, j, swap| {
            if swap {
                v.swap(i, j);
                false
            } else {
                compare(&v[i], &v[j]) == Ordering::Less
            }
        });
    } else {
        v.sort_unstable_by(compare);
    }
}

/// Heapsort over positions, one copy for all types: `at(i, j, false)` says whether
/// element i is less than element j, `at(i, j, true)` swaps them.
fn heapsort(len: usize, at: &mut dyn FnMut(usize, usize, bool) -> bool) {
    for node in (0..len / 2).rev() {
        sift_down(node, len, at);
    }
    for end in (1..len).rev() {
        at(0, end, true);
        sift_down(0, end, at);
    }
}

/// Moves the element at `node` down the heap of the first `end` elements.
fn sift_down(mut node: usize, end: usize, at: &mut dyn FnMut(usize, usize, bool) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && at(child, child + 1, false) {
            child += 1;
        }
        if !at(node, child, false) {
            return;
        }
        at(node, child, true);
        node = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heapsort_sorts_like_the_standard_library() {
        let mut seed = 0x9e37_79b9_u32;
        for len in [0, 1, 2, 3, 7, 64, 1000] {
            let mut v: Vec<(u8, u32)> = (0..len)
                .map(|k| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    ((seed % 7) as u8, k)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            heapsort(v.len(), &mut |i, j, swap| {
                if swap {
                    v.swap(i, j);
                    false
                } else {
                    v[i] < v[j]
                }
            });
            assert_eq!(v, expected, "{len} elements");
        }
    }
}
