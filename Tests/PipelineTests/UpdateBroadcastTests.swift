// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import Pipeline

@Test func updateBroadcast_whenBumped_wakesEveryWaiter() async throws {
    let broadcast = UpdateBroadcast()
    async let first = broadcast.wait(after: 0)
    async let second = broadcast.wait(after: 0)
    try await withTimeout(.seconds(30), "both waiters registered") {
        while broadcast.waiting < 2 { await Task.yield() }
    }
    broadcast.bump()
    #expect(await [first, second] == [1, 1])
}

@Test func updateBroadcast_whenTheVersionAlreadyMoved_returnsAtOnceWithTheLatest() async {
    let broadcast = UpdateBroadcast()
    broadcast.bump()
    broadcast.bump()
    #expect(await broadcast.wait(after: 1) == 2)
    #expect(broadcast.version == 2)
}

@Test func updateBroadcast_whenTheWaitIsCancelled_returnsAndStaysUsable() async throws {
    let broadcast = UpdateBroadcast()
    let waiting = Task { await broadcast.wait(after: 0) }
    try await withTimeout(.seconds(30), "the waiter registered") {
        while broadcast.waiting < 1 { await Task.yield() }
    }
    waiting.cancel()
    #expect(await waiting.value == 0)
    #expect(broadcast.waiting == 0)
    broadcast.bump()
    #expect(await broadcast.wait(after: 0) == 1)
}

@Test func pairBoard_whenAReadingIsPublished_movesItsVersionForEveryReader() async {
    let board = PairBoard()
    let before = board.version
    board.noteUpdate()
    #expect(await board.waitForUpdate(after: before) == before + 1)
    // The single-reader wake-up of alerting is still given.
    await board.nextUpdate()
}
