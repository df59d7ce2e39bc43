// GoSort: the unstable sort of Go 1.19's sort.Sort (pattern-defeating
// quicksort), step for step.
//
// Prometheus sorts with sort.Sort and comparators that are not strict weak
// orderings when NaN is involved; where elements compare equal (or NaN
// makes the comparator inconsistent) the resulting order is whatever Go's
// algorithm produces. Reproducing the algorithm exactly gives the same
// order for the same input, which std::sort cannot. `less(i, j)` and
// `swap(i, j)` work on indexes in [0, n), as sort.Interface's methods do;
// any comparator is memory-safe. Thread-safe as long as the callbacks are.

#ifndef TOCSIN_PROMQL_FUNCTIONS_GO_SORT_H_
#define TOCSIN_PROMQL_FUNCTIONS_GO_SORT_H_

#include <bit>
#include <cstdint>

namespace tocsin::promql {
namespace go_sort_internal {

enum class Hint { kUnknown, kIncreasing, kDecreasing };

template <typename Less, typename Swap>
struct Sorter {
  const Less& less;
  const Swap& swap;

  void InsertionSort(int64_t a, int64_t b) {
    for (int64_t i = a + 1; i < b; i++) {
      for (int64_t j = i; j > a && less(j, j - 1); j--) swap(j, j - 1);
    }
  }

  void SiftDown(int64_t lo, int64_t hi, int64_t first) {
    int64_t root = lo;
    for (;;) {
      int64_t child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && less(first + child, first + child + 1)) child++;
      if (!less(first + root, first + child)) return;
      swap(first + root, first + child);
      root = child;
    }
  }

  void HeapSort(int64_t a, int64_t b) {
    int64_t first = a, lo = 0, hi = b - a;
    for (int64_t i = (hi - 1) / 2; i >= 0; i--) SiftDown(i, hi, first);
    for (int64_t i = hi - 1; i >= 0; i--) {
      swap(first, first + i);
      SiftDown(lo, i, first);
    }
  }

  // Returns the new pivot position; *already is set when nothing moved.
  int64_t Partition(int64_t a, int64_t b, int64_t pivot, bool* already) {
    swap(a, pivot);
    int64_t i = a + 1, j = b - 1;
    while (i <= j && less(i, a)) i++;
    while (i <= j && !less(j, a)) j--;
    if (i > j) {
      swap(j, a);
      *already = true;
      return j;
    }
    swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && less(i, a)) i++;
      while (i <= j && !less(j, a)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    swap(j, a);
    *already = false;
    return j;
  }

  int64_t PartitionEqual(int64_t a, int64_t b, int64_t pivot) {
    swap(a, pivot);
    int64_t i = a + 1, j = b - 1;
    for (;;) {
      while (i <= j && !less(a, i)) i++;
      while (i <= j && less(a, j)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  bool PartialInsertionSort(int64_t a, int64_t b) {
    constexpr int kMaxSteps = 5;
    constexpr int64_t kShortestShifting = 50;
    int64_t i = a + 1;
    for (int step = 0; step < kMaxSteps; step++) {
      while (i < b && !less(i, i - 1)) i++;
      if (i == b) return true;
      if (b - a < kShortestShifting) return false;
      swap(i, i - 1);
      if (i - a >= 2) {
        // Go 1.19 bounds this loop by 1, not by a.
        for (int64_t j = i - 1; j >= 1; j--) {
          if (!less(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (int64_t j = i + 1; j < b; j++) {
          if (!less(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
    }
    return false;
  }

  void BreakPatterns(int64_t a, int64_t b) {
    int64_t length = b - a;
    if (length < 8) return;
    uint64_t random = static_cast<uint64_t>(length);
    uint64_t modulus = uint64_t{1}
                       << std::bit_width(static_cast<uint64_t>(length));
    for (int64_t idx = a + (length / 4) * 2 - 1;
         idx <= a + (length / 4) * 2 + 1; idx++) {
      random ^= random << 13;
      random ^= random >> 17;
      random ^= random << 5;
      int64_t other = static_cast<int64_t>(random & (modulus - 1));
      if (other >= length) other -= length;
      swap(idx, a + other);
    }
  }

  void Order2(int64_t* a, int64_t* b, int* swaps) {
    if (less(*b, *a)) {
      ++*swaps;
      int64_t t = *a;
      *a = *b;
      *b = t;
    }
  }

  int64_t Median(int64_t a, int64_t b, int64_t c, int* swaps) {
    Order2(&a, &b, swaps);
    Order2(&b, &c, swaps);
    Order2(&a, &b, swaps);
    return b;
  }

  int64_t ChoosePivot(int64_t a, int64_t b, Hint* hint) {
    constexpr int64_t kShortestNinther = 50;
    constexpr int kMaxSwaps = 4 * 3;
    int64_t l = b - a;
    int swaps = 0;
    int64_t i = a + l / 4 * 1, j = a + l / 4 * 2, k = a + l / 4 * 3;
    if (l >= 8) {
      if (l >= kShortestNinther) {
        i = Median(i - 1, i, i + 1, &swaps);
        j = Median(j - 1, j, j + 1, &swaps);
        k = Median(k - 1, k, k + 1, &swaps);
      }
      j = Median(i, j, k, &swaps);
    }
    *hint = swaps == 0           ? Hint::kIncreasing
            : swaps == kMaxSwaps ? Hint::kDecreasing
                                 : Hint::kUnknown;
    return j;
  }

  void ReverseRange(int64_t a, int64_t b) {
    for (int64_t i = a, j = b - 1; i < j; i++, j--) swap(i, j);
  }

  void PdqSort(int64_t a, int64_t b, int limit) {
    constexpr int64_t kMaxInsertion = 12;
    bool was_balanced = true, was_partitioned = true;
    for (;;) {
      int64_t length = b - a;
      if (length <= kMaxInsertion) {
        InsertionSort(a, b);
        return;
      }
      if (limit == 0) {
        HeapSort(a, b);
        return;
      }
      if (!was_balanced) {
        BreakPatterns(a, b);
        limit--;
      }
      Hint hint;
      int64_t pivot = ChoosePivot(a, b, &hint);
      if (hint == Hint::kDecreasing) {
        ReverseRange(a, b);
        pivot = (b - 1) - (pivot - a);
        hint = Hint::kIncreasing;
      }
      if (was_balanced && was_partitioned && hint == Hint::kIncreasing &&
          PartialInsertionSort(a, b)) {
        return;
      }
      if (a > 0 && !less(a - 1, pivot)) {
        a = PartitionEqual(a, b, pivot);
        continue;
      }
      bool already;
      int64_t mid = Partition(a, b, pivot, &already);
      was_partitioned = already;
      int64_t left = mid - a, right = b - mid;
      int64_t balance_threshold = length / 8;
      if (left < right) {
        was_balanced = left >= balance_threshold;
        PdqSort(a, mid, limit);
        a = mid + 1;
      } else {
        was_balanced = right >= balance_threshold;
        PdqSort(mid + 1, b, limit);
        b = mid;
      }
    }
  }
};

}  // namespace go_sort_internal

template <typename Less, typename Swap>
void GoSort(int64_t n, const Less& less, const Swap& swap) {
  if (n <= 1) return;
  go_sort_internal::Sorter<Less, Swap> s{less, swap};
  s.PdqSort(0, n, std::bit_width(static_cast<uint64_t>(n)));
}

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_GO_SORT_H_
