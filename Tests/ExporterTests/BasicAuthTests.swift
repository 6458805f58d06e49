// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import PairWatchConfig
import Synchronization
import Testing
import TestSupport

@testable import Exporter

/// A web config file with users alice (password "hunter2") and bob ("correct horse", hashed as htpasswd writes it).
private func usersFile(in folder: TemporaryDirectory) throws -> String {
    let alice = Bcrypt.hash("hunter2", cost: 4)
    let bob = "$2y$" + Bcrypt.hash("correct horse", cost: 4).dropFirst(4)
    return try writeWebConfig("basic_auth_users:\n  alice: \(alice)\n  bob: \(bob)\n", in: folder)
}

private func authApplication(_ path: String) throws -> some ApplicationProtocol {
    let web = WebServing(securityFile: try WebSecurityFile(path: path) { _ in })
    return Application(router: HTTPServer.router(routes: webTestRoutes(), web: web))
}

private func basic(_ user: String, _ password: String) -> HTTPFields {
    [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
}

@Test func basicAuth_whenPasswordRight_serves() async throws {
    let folder = try TemporaryDirectory("web-auth")
    defer { folder.remove() }
    try await authApplication(try usersFile(in: folder)).test(.router) { client in
        try await client.execute(uri: "/metrics", method: .get, headers: basic("alice", "hunter2")) { response in
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("pairwatch_build_info"))
        }
        try await client.execute(uri: "/-/healthy", method: .get, headers: basic("bob", "correct horse")) { response in
            #expect(response.status == .ok)
        }
    }
}

@Test(arguments: [("alice", "hunter3", "wrong user name or password"), ("mallory", "hunter2", "wrong user name or password")])
func basicAuth_whenCredentialsWrong_is401(user: String, password: String, message: String) async throws {
    let folder = try TemporaryDirectory("web-auth")
    defer { folder.remove() }
    try await authApplication(try usersFile(in: folder)).test(.router) { client in
        try await client.execute(uri: "/metrics", method: .get, headers: basic(user, password)) { response in
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Basic realm=\"pairwatch\", charset=\"UTF-8\"")
            #expect(response.headers[.contentType] == "application/json")
            #expect(String(buffer: response.body) == "{\"error\":\"\(message)\"}")
        }
    }
}

@Test func basicAuth_whenNoCredentials_protectsEveryPath() async throws {
    let folder = try TemporaryDirectory("web-auth")
    defer { folder.remove() }
    try await authApplication(try usersFile(in: folder)).test(.router) { client in
        for path in ["/metrics", "/-/healthy", "/-/ready", "/", "/no-such-page"] {
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .unauthorized, "\(path)")
                #expect(String(buffer: response.body) == "{\"error\":\"authentication required\"}")
            }
        }
        try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Basic not-base64!"]) { response in
            #expect(response.status == .unauthorized)
        }
    }
}

@Test func basicAuth_whenUsersAddedToTheFile_appliesToTheNextRequest() async throws {
    let folder = try TemporaryDirectory("web-auth")
    defer { folder.remove() }
    let path = try writeWebConfig("{}\n", in: folder)
    try await authApplication(path).test(.router) { client in
        try await client.execute(uri: "/-/healthy", method: .get) { response in #expect(response.status == .ok) }
        _ = try usersFile(in: folder)
        try await client.execute(uri: "/-/healthy", method: .get) { response in #expect(response.status == .unauthorized) }
        try await client.execute(uri: "/-/healthy", method: .get, headers: basic("alice", "hunter2")) { response in
            #expect(response.status == .ok)
        }
    }
}

@Test func passwordCheck_whenSameCredentialsAgain_answersFromTheCache() async throws {
    let calls = Mutex(0)
    let check = PasswordCheck { password, hash in
        calls.withLock { $0 += 1 }
        return Bcrypt.verify(password, hash: hash)
    }
    let hash = Bcrypt.hash("hunter2", cost: 4)
    #expect(try await check.check(user: "alice", password: "hunter2", hash: hash))
    #expect(try await check.check(user: "alice", password: "hunter2", hash: hash))
    #expect(calls.withLock { $0 } == 1)
    #expect(try await !check.check(user: "alice", password: "hunter3", hash: hash))
    #expect(try await !check.check(user: "alice", password: "hunter3", hash: hash))
    #expect(calls.withLock { $0 } == 2)
    // A new hash for the same user (the file changed) is checked anew.
    #expect(try await !check.check(user: "alice", password: "hunter2", hash: Bcrypt.hash("other", cost: 4)))
    #expect(calls.withLock { $0 } == 3)
}

@Test func passwordCheck_whenUserUnknown_stillRunsBcryptAndRefuses() async throws {
    let calls = Mutex(0)
    let check = PasswordCheck { password, hash in
        calls.withLock { $0 += 1 }
        return Bcrypt.verify(password, hash: hash)
    }
    #expect(try await !check.check(user: "mallory", password: "", hash: nil))
    #expect(calls.withLock { $0 } == 1)
}

@Test func passwordCheck_whenEntriesExpire_checksAgain() async throws {
    let calls = Mutex(0)
    let check = PasswordCheck(capacity: 2, lifetime: .zero) { _, _ in
        calls.withLock { $0 += 1 }
        return true
    }
    let hash = Bcrypt.hash("x", cost: 4)
    for _ in 0..<3 { _ = try await check.check(user: "alice", password: "x", hash: hash) }
    #expect(calls.withLock { $0 } == 3)
}
