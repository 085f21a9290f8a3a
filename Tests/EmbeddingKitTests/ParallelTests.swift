import Dispatch
import Synchronization
import XCTest
@testable import EmbeddingKit

/// Parallel's loops on embsh's thread pool: every item runs once, whatever the count, when loops
/// follow each other closely (workers still spinning), when a body starts a loop of its own
/// (the pool is busy, so Dispatch runs it) and when several threads start loops at once.
final class ParallelTests: XCTestCase {
    func testEveryItemRunsExactlyOnce() {
        for count in [0, 1, 2, 3, 17, 1000] {
            let runs = Mutex([Int](repeating: 0, count: count))
            Parallel.run(count) { i in runs.withLock { $0[i] += 1 } }
            XCTAssertEqual(runs.withLock { $0 }, Array(repeating: 1, count: count), "\(count) items")
        }
    }

    func testLoopsFollowingEachOtherGiveEveryResult() {
        for round in 0 ..< 20_000 {
            let sums = Parallel.mapChunks(count: 10 + round % 7, minimumPerChunk: 1) { range in range.reduce(0, +) }
            XCTAssertEqual(sums.reduce(0, +), (0 ..< 10 + round % 7).reduce(0, +), "round \(round)")
        }
    }

    func testALoopInsideALoopRuns() {
        let totals = Parallel.mapChunks(count: 8, minimumPerChunk: 1, chunks: 4) { outer in
            Parallel.mapChunks(count: 1000, minimumPerChunk: 1, chunks: 4) { inner in inner.count * outer.count }.reduce(0, +)
        }
        XCTAssertEqual(totals, [2000, 2000, 2000, 2000])
    }

    func testLoopsStartedFromSeveralThreadsAtOnce() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for round in 0 ..< 2000 {
                let count = 100 + thread + round % 13
                var seen = [Int](repeating: 0, count: count)
                seen.withUnsafeMutableBufferPointer { buffer in
                    let box = UncheckedBox(buffer)
                    Parallel.forEachPiece(count: count, pieceSize: 7, threads: 3) { range in
                        for i in range { box.value[i] += 1 }
                    }
                }
                if seen != [Int](repeating: 1, count: count) { failures.add(1, ordering: .relaxed) }
            }
        }
        XCTAssertEqual(failures.load(ordering: .relaxed), 0)
    }
}
