import Foundation

/// Runs `work` over inputs `0..<count` on `jobs` threads and passes the results to `emit` in
/// input order, a window of inputs at a time: memory holds one window's results, whatever
/// `count` is, and the output is the same whatever `jobs` is. `emit` runs on the calling
/// thread.
package func orderedParallelMap<Output>(
  count: Int, jobs: Int, window: Int = 256, work: @Sendable (Int) -> Output,
  emit: (Int, Output) -> Void
) {
  let window = max(1, window)
  var start = 0
  while start < count {
    let end = min(count, start + window)
    let results = WindowResults<Output>(count: end - start)
    let first = start
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, end - start))) { worker in
      let stride = max(1, min(jobs, end - first))
      var index = first + worker
      while index < end {
        results.store(work(index), at: index - first)
        index += stride
      }
    }
    for (offset, output) in results.take().enumerated() { emit(first + offset, output) }
    start = end
  }
}

/// One window's results, each slot written by one thread.
///
/// `@unchecked Sendable`: the slots are raw memory allocated once; every slot is written by
/// exactly one worker (the one whose stride reaches that index), and all are read only after
/// `concurrentPerform` has returned.
private final class WindowResults<Output>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Output?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func store(_ output: Output, at index: Int) { slots[index] = output }

  func take() -> [Output] { slots.compactMap { $0 } }
}
