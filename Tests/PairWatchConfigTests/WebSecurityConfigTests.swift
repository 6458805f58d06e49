// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairWatchConfig
import Synchronization
import Testing
import TestSupport

private let aliceHash = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"

@Test func webSecurity_whenEveryKeyIsSet_readsThemWithPathsFromTheFilesFolder() throws {
    let config = try WebSecurityConfig.parse(
        yaml: """
            tls_server_config:
              cert_file: server.pem
              key_file: /etc/ssl/server.key
              client_ca_file: ca.pem
              client_auth_type: RequireAndVerifyClientCert
              min_version: TLS13
            basic_auth_users:
              alice: \(aliceHash)
            """, fileName: "web.yml", folder: "/etc/pairwatch")
    var tls = TLSServerConfig(certFile: "/etc/pairwatch/server.pem", keyFile: "/etc/ssl/server.key")
    tls.clientCAFile = "/etc/pairwatch/ca.pem"
    tls.clientAuth = .requireAndVerifyClientCert
    tls.minVersion = .tls13
    #expect(config == WebSecurityConfig(tls: tls, basicAuthUsers: ["alice": aliceHash]))
}

@Test func webSecurity_whenEmpty_servesPlainHTTPWithoutPasswords() throws {
    for yaml in ["", "{}\n", "tls_server_config:\nbasic_auth_users:\n"] {
        #expect(try WebSecurityConfig.parse(yaml: yaml, fileName: "web.yml", folder: "/") == WebSecurityConfig(), "\(yaml)")
    }
}

@Test func webSecurity_whenValuesAreWrong_reportsEachAtItsKey() throws {
    let error = #expect(throws: ConfigError.self) {
        try WebSecurityConfig.parse(
            yaml: """
                tls_server_config:
                  cert_file: server.pem
                  client_auth_type: RequireAndVerifyClientCerts
                  min_version: TLS14
                basic_auth_user:
                  alice: secret
                """, fileName: "web.yml", folder: "/etc/pairwatch")
    }
    #expect(
        error?.description == """
            web.yml:1:1: tls_server_config: missing key_file
            web.yml:3:21: tls_server_config.client_auth_type: expected one of "NoClientCert", "RequestClientCert", "RequireAnyClientCert", \
            "VerifyClientCertIfGiven", "RequireAndVerifyClientCert", found "RequireAndVerifyClientCerts"
            web.yml:4:16: tls_server_config.min_version: expected one of "TLS10", "TLS11", "TLS12", "TLS13", found "TLS14"
            web.yml:5:1: basic_auth_user: unknown key (did you mean "basic_auth_users"?)
            """)
}

@Test func webSecurity_whenClientSettingsDisagreeOrHashIsPlain_saysWhy() throws {
    let error = #expect(throws: ConfigError.self) {
        try WebSecurityConfig.parse(
            yaml: """
                tls_server_config:
                  cert_file: server.pem
                  key_file: server.key
                  client_ca_file: ca.pem
                  max_version: TLS12
                  min_version: TLS13
                basic_auth_users:
                  alice: hunter2
                """, fileName: "web.yml", folder: "/etc/pairwatch")
    }
    #expect(
        error?.description == """
            web.yml:4:3: tls_server_config.client_ca_file: client_ca_file is set but client_auth_type is NoClientCert
            web.yml:6:3: tls_server_config.min_version: TLS13 is above max_version (TLS12)
            web.yml:8:3: basic_auth_users.alice: expected a bcrypt hash such as $2y$10$… (htpasswd -nbBC 10 "" PASSWORD)
            """)
}

@Test func webSecurity_whenVerifyingWithoutCA_needsClientCAFile() throws {
    let error = #expect(throws: ConfigError.self) {
        try WebSecurityConfig.parse(
            yaml: "tls_server_config:\n  cert_file: a.pem\n  key_file: a.key\n  client_auth_type: VerifyClientCertIfGiven\n",
            fileName: "web.yml", folder: "/")
    }
    #expect(error?.description == "web.yml:4:3: tls_server_config.client_auth_type: VerifyClientCertIfGiven needs client_ca_file")
}

@Test func webSecurity_whenYAMLIsBroken_namesLineAndColumn() throws {
    let error = #expect(throws: ConfigError.self) {
        try WebSecurityConfig.parse(yaml: "tls_server_config:\n  cert_file: [a\n", fileName: "web.yml", folder: "/")
    }
    let text = error?.description ?? ""
    #expect(text.hasPrefix("web.yml:") && text.contains(": invalid YAML: "), "\(text)")
}

@Test func webSecurityFile_whenFileChanges_readsItAgainAndKeepsTheLastGoodOne() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("web.yml")
    try "basic_auth_users:\n  alice: \(aliceHash)\n".write(toFile: path, atomically: true, encoding: .utf8)
    let reported = Mutex<[String]>([])
    let file = try WebSecurityFile(path: path) { error in reported.withLock { $0.append(error.description) } }
    #expect(file.current.basicAuthUsers == ["alice": aliceHash])
    try "basic_auth_users:\n  bob: \(aliceHash)\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(file.current.basicAuthUsers == ["bob": aliceHash])
    try "basic_auth_users:\n  carol: plain\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(file.current.basicAuthUsers == ["bob": aliceHash])
    #expect(file.current.basicAuthUsers == ["bob": aliceHash])
    #expect(reported.withLock { $0 } == ["\(path):2:3: basic_auth_users.carol: expected a bcrypt hash such as $2y$10$… (htpasswd -nbBC 10 \"\" PASSWORD)"])
    try FileManager.default.removeItem(atPath: path)
    #expect(file.current.basicAuthUsers == ["bob": aliceHash])
    #expect(reported.withLock { $0.count } == 2)
}

@Test func webSecurityFile_whenBrokenAtStart_throwsLocatedErrors() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("web.yml")
    try "tls_server_config:\n  cert_fil: a.pem\n".write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: ConfigError.self) { try WebSecurityFile(path: path) { _ in } }
    #expect(
        error?.description == """
            \(path):1:1: tls_server_config: missing cert_file
            \(path):1:1: tls_server_config: missing key_file
            \(path):2:3: tls_server_config.cert_fil: unknown key (did you mean "cert_file"?)
            """)
}
