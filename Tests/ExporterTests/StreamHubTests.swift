// SPDX-License-Identifier: Apache-2.0
import NIOCore
import TestSupport
import Testing

@testable import Exporter

private func publish(_ hub: StreamHub, _ count: Int) {
    hub.publish((0..<count).map { _ in (.snapshot, ByteBuffer(string: #"{"n":1}"#)) })
}

/// The ids of the frames in one write, in order (a heartbeat is "heartbeat").
private func ids(_ frames: ByteBuffer?) -> [String] {
    String(buffer: frames ?? ByteBuffer()).split(separator: "\n\n").map { frame in
        if frame == ": heartbeat" { return "heartbeat" }
        return String(frame.dropFirst(4).prefix { $0 != "\n" })
    }
}

/// Where the bytes of `buffer` are: two buffers there are one copy of them.
private func address(_ buffer: ByteBuffer?) -> UInt? {
    buffer?.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
}

@Test func streamHub_whenEventsArePublished_numbersThemFromOneAndFramesEach() async throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    hub.publish([(.snapshot, ByteBuffer(string: #"{"a":1}"#)), (.alert, ByteBuffer(string: #"{"b":2}"#))])
    let frames = try #require(await client.next())
    #expect(String(buffer: frames) == "id: 1\nevent: snapshot\ndata: {\"a\":1}\n\nid: 2\nevent: alert\ndata: {\"b\":2}\n\n")
    #expect(hub.lastEventID == 2)
    #expect(client.reset == nil)
}

@Test func streamHub_whenSubscribedWithoutLastEventID_getsOnlyNewEvents() async throws {
    let hub = StreamHub()
    publish(hub, 3)
    let client = try #require(hub.subscribe(after: nil))
    publish(hub, 2)
    #expect(ids(await client.next()) == ["4", "5"])
}

@Test func streamHub_whenResumingFromABufferedID_getsEveryLaterEventOnce() async throws {
    let hub = StreamHub(settings: .init(capacity: 10, batchLimit: 2))
    publish(hub, 5)
    let client = try #require(hub.subscribe(after: 2))
    #expect(client.reset == nil)
    #expect(ids(await client.next()) == ["3", "4"])
    #expect(ids(await client.next()) == ["5"])
    publish(hub, 1)
    #expect(ids(await client.next()) == ["6"])
}

@Test func streamHub_whenResumingFromAnIDOlderThanTheBuffer_startsWithAResetSayingHowManyWereLost() async throws {
    let hub = StreamHub(settings: .init(capacity: 3))
    publish(hub, 6)
    let client = try #require(hub.subscribe(after: 1))
    #expect(client.reset == .init(lastEventID: 1, lost: 2, nextEventID: 4))
    #expect(ids(await client.next()) == ["4", "5", "6"])
    #expect(String(buffer: APIJSON.encode(try #require(client.reset))) == #"{"last_event_id":1,"lost":2,"next_event_id":4}"#)
}

@Test func streamHub_whenResumingFromAnIDNotYetIssued_resetsWithUnknownLossAndGoesOnFromNow() async throws {
    let hub = StreamHub()
    publish(hub, 2)
    let client = try #require(hub.subscribe(after: 90))
    #expect(client.reset == .init(lastEventID: 90, lost: nil, nextEventID: 3))
    #expect(String(buffer: APIJSON.encode(try #require(client.reset))) == #"{"last_event_id":90,"lost":null,"next_event_id":3}"#)
    publish(hub, 1)
    #expect(ids(await client.next()) == ["3"])
}

@Test func streamHub_whenResumingFromAnEarlierRunsID_resetsWithUnknownLossAndSendsThisRunsBufferedEvents() async throws {
    // An earlier run gave ids up to 1,000,050; this one numbers from 2,000,000, as a later start time makes it.
    let hub = StreamHub(settings: .init(capacity: 3), firstEventID: 2_000_000)
    #expect(hub.lastEventID == 1_999_999)
    publish(hub, 2)
    let client = try #require(hub.subscribe(after: 1_000_050))
    #expect(client.reset == .init(lastEventID: 1_000_050, lost: nil, nextEventID: 2_000_000))
    #expect(ids(await client.next()) == ["2000000", "2000001"])

    publish(hub, 3)
    let late = try #require(hub.subscribe(after: 1_000_050))
    #expect(late.reset == .init(lastEventID: 1_000_050, lost: nil, nextEventID: 2_000_002))
    #expect(ids(await late.next()) == ["2000002", "2000003", "2000004"])
}

@Test func streamHub_whenResumingWithinARunThatDidNotStartAtOne_countsOnlyThatRunsLostEvents() async throws {
    let hub = StreamHub(settings: .init(capacity: 3), firstEventID: 500)
    publish(hub, 6)
    let client = try #require(hub.subscribe(after: 500))
    #expect(client.reset == .init(lastEventID: 500, lost: 2, nextEventID: 503))
    #expect(ids(await client.next()) == ["503", "504", "505"])
}

@Test func streamHub_whenAClientFallsBehindTheBuffer_dropsItAloneAndCountsIt() async throws {
    let hub = StreamHub(settings: .init(capacity: 2))
    let slow = try #require(hub.subscribe(after: nil))
    let fast = try #require(hub.subscribe(after: nil))
    publish(hub, 1)
    #expect(ids(await fast.next()) == ["1"])
    publish(hub, 2)
    #expect(hub.statistics.clients == 1)
    #expect(hub.statistics.dropped == 1)
    #expect(await slow.next() == nil)
    #expect(await slow.ended() == .dropped)
    #expect(ids(await fast.next()) == ["2", "3"])
    slow.cancel()
    fast.cancel()
    #expect(hub.statistics.clients == 0)
}

@Test func streamHub_whenClientsTakeTheEventsOfOnePublication_eachGetsThemAsOneSliceOfItsBuffer() async throws {
    let hub = StreamHub()
    let first = try #require(hub.subscribe(after: nil))
    let second = try #require(hub.subscribe(after: nil))
    publish(hub, 3)
    let (one, other) = (await first.next(), await second.next())
    #expect(ids(one) == ["1", "2", "3"])
    #expect(ids(other) == ["1", "2", "3"])
    // Fanning an event out to a hundred clients copies none of it.
    #expect(address(one) != nil && address(one) == address(other))
}

@Test func streamHub_whenSeveralPublicationsAndAHeartbeatWait_handsThemOverInOneWrite() async throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    publish(hub, 2)
    publish(hub, 3)
    hub.heartbeat()
    publish(hub, 1)
    #expect(ids(await client.next()) == ["1", "2", "3", "4", "5", "6", "heartbeat"])
    hub.heartbeat()
    #expect(ids(await client.next()) == ["heartbeat"])
}

@Test func streamHub_whenAWaitingClientIsPublishedTo_wakesIt() async throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    async let frames = client.next()
    while hub.state.withLock({ $0.clients.values.first?.waiter == nil }) { await Task.yield() }
    publish(hub, 1)
    #expect(ids(await frames) == ["1"])
}

@Test func streamHub_whenClosed_endsEveryStreamAndRefusesNewOnes() async throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    async let ended = client.ended()
    hub.close()
    #expect(await ended == .closed)
    #expect(await client.next() == nil)
    #expect(hub.subscribe(after: nil) == nil)
    #expect(hub.statistics.dropped == 0)
}

@Test func boardStream_whenTheHeartbeatIntervalPasses_sendsEachClientAHeartbeatAndDropsOneThatTookNone() async throws {
    let clock = ManualClock()
    let hub = StreamHub(settings: .init(heartbeatInterval: .seconds(15)))
    let stream = BoardStream(board: .init(), hub: hub)
    let running = Task { await stream.run(clock: clock) }
    let reading = try #require(hub.subscribe(after: nil))
    let stalled = try #require(hub.subscribe(after: nil))
    try await clock.waitForSleepers(1)
    await clock.advance(by: .seconds(14))
    #expect(hub.state.withLock { $0.clients.values.allSatisfy { !$0.heartbeatDue } })
    await clock.advance(by: .seconds(1))
    #expect(ids(await reading.next()) == ["heartbeat"])
    try await clock.waitForSleepers(1)
    await clock.advance(by: .seconds(15))
    #expect(ids(await reading.next()) == ["heartbeat"])
    #expect(await stalled.ended() == .dropped)
    #expect(hub.statistics.dropped == 1)
    running.cancel()
    await running.value
    #expect(hub.isClosed)
}
