import Foundation

/// Runs `work` over inputs `0..<count` on `jobs` threads and passes the results to `emit` in
/// input order, a window of inputs at a time: memory holds two windows' results (the one being
/// emitted and the next, computed meanwhile), whatever `count` is, and the output is the same
/// whatever `jobs` is. `emit` runs on the calling thread.
package func orderedParallelMap<Output>(
  count: Int, jobs: Int, window: Int = 256, work: @escaping @Sendable (Int) -> Output,
  emit: (Int, Output) -> Void
) {
  let window = max(1, window)
  let jobs = max(1, jobs)
  /// Starts computing the window that begins at `start`, in the background.
  func launch(_ start: Int) -> (start: Int, results: WindowResults<Output>, done: DispatchGroup)? {
    guard start < count else { return nil }
    let end = min(count, start + window)
    let results = WindowResults<Output>(count: end - start)
    let done = DispatchGroup()
    DispatchQueue.global().async(group: done) {
      let workers = min(jobs, end - start)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var index = start + worker
        while index < end {
          results.store(work(index), at: index - start)
          index += workers
        }
      }
    }
    return (start, results, done)
  }
  var current = launch(0)
  while let window = current {
    window.done.wait()
    current = launch(window.start + window.results.count)
    for (offset, output) in window.results.take().enumerated() {
      emit(window.start + offset, output)
    }
  }
}

/// One window's results, each slot written by one thread.
///
/// `@unchecked Sendable`: the slots are raw memory allocated once; every slot is written by
/// exactly one worker (the one whose stride reaches that index), and all are read only after
/// `concurrentPerform` has returned.
private final class WindowResults<Output>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Output?>

  /// How many slots.
  package var count: Int { slots.count }

  package init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  package func store(_ output: Output, at index: Int) { slots[index] = output }

  package func take() -> [Output] { slots.compactMap { $0 } }
}
