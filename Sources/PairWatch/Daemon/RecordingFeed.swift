// SPDX-License-Identifier: Apache-2.0
import Feeds

/// A live feed with the recorder of its messages (`feed.record`): the recorder flushes while the feed runs and is
/// closed when the feed ends, so a feed replaced at a reload leaves a complete file for its successor to continue.
struct RecordingFeed<C: Clock<Duration>>: TradeFeed {
    let feed: any TradeFeed
    let recorder: FrameRecorder
    let clock: C

    var name: String { feed.name }

    func run() async throws {
        defer { recorder.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await recorder.run(flushingOn: clock) }
            try await feed.run()
            group.cancelAll()
        }
    }
}
