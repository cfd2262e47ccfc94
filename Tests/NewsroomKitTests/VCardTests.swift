import Foundation
@testable import NewsroomKit
import Testing

/// vCards (RFC 6350), read back by a small parser written here from the RFC, not from `VCard`.
@Suite struct VCardTests {
    /// One property of a parsed vCard: `TEL;VALUE=uri;TYPE=work,voice:tel:+1…`.
    struct Property: Equatable {
        var name: String
        var parameters: [String]
        var value: String
    }

    /// Reads a vCard's bytes the way an address book does: checks CRLF line ends and the 75-octet
    /// limit, unfolds (CRLF followed by one space or tab), splits name, parameters and value at
    /// the first unquoted ':'. Values stay escaped; `unescape` reads a text value.
    static func parse(_ data: Data) throws -> [Property] {
        let bytes = [UInt8](data)
        var physical: [[UInt8]] = []
        var line: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D {
                try #require(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "a CR without LF")
                physical.append(line)
                line = []
                index += 2
                continue
            }
            try #require(bytes[index] != 0x0A, "a bare LF at byte \(index)")
            line.append(bytes[index])
            index += 1
        }
        try #require(line.isEmpty, "the file does not end in CRLF")
        for piece in physical {
            #expect(piece.count <= 75, "a line of \(piece.count) octets: \(String(decoding: piece, as: UTF8.self))")
        }
        var logical: [[UInt8]] = []
        for piece in physical {
            if let first = piece.first, first == 0x20 || first == 0x09 {
                try #require(!logical.isEmpty, "a continuation line first")
                logical[logical.count - 1].append(contentsOf: piece.dropFirst())
            } else {
                logical.append(piece)
            }
        }
        return try logical.map { bytes in
            // Folding never splits a UTF-8 sequence, so each unfolded line is valid UTF-8.
            let text = try #require(String(bytes: bytes, encoding: .utf8), "a line is not UTF-8")
            var inQuotes = false
            var colon: String.Index?
            for position in text.indices {
                if text[position] == "\"" { inQuotes.toggle() }
                if text[position] == ":" && !inQuotes { colon = position; break }
            }
            let split = try #require(colon, "no ':' in \(text)")
            let head = text[..<split].split(separator: ";").map(String.init)
            return Property(name: head[0].uppercased(), parameters: Array(head.dropFirst()),
                            value: String(text[text.index(after: split)...]))
        }
    }

    /// RFC 6350 §3.4: `\\` `\,` `\;` `\n`/`\N`.
    static func unescape(_ value: String) -> String {
        var out = ""
        var escaping = false
        for character in value {
            if escaping {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    static func value(_ name: String, in properties: [Property]) -> String? {
        properties.first { $0.name == name }.map(\.value)
    }

    @Test func everyFieldReadsBack() throws {
        let contact = Contact(
            id: "jose", name: "José Núñez-Ávila",
            title: "Senior Vice President for International Media Relations and Public Affairs, Europe; Africa",
            organization: "Acme, Inc.; Europe \\ Middle East", phone: "+44 (0)20 7946 0000",
            email: "jose.nunez@example.org", phoneE164: "+442079460000")
        let card = VCard(contact: contact, organization: "Example Foundation", host: "example.org",
                         pageURL: "https://example.org/news/contacts/")
        let properties = try Self.parse(Data(card.text.utf8))
        #expect(properties.map(\.name) == ["BEGIN", "VERSION", "FN", "N", "ORG", "TITLE", "TEL", "EMAIL", "URL", "UID", "END"])
        #expect(Self.value("BEGIN", in: properties) == "VCARD")
        #expect(Self.value("VERSION", in: properties) == "4.0")
        #expect(Self.value("FN", in: properties).map(Self.unescape) == "José Núñez-Ávila")
        let name = try #require(Self.value("N", in: properties)).split(separator: ";", omittingEmptySubsequences: false)
        #expect(name.map { Self.unescape(String($0)) } == ["Núñez-Ávila", "José", "", "", ""])
        #expect(Self.value("ORG", in: properties).map(Self.unescape) == "Acme, Inc.; Europe \\ Middle East")
        #expect(Self.value("TITLE", in: properties).map(Self.unescape) == contact.title)
        let tel = try #require(properties.first { $0.name == "TEL" })
        #expect(tel.parameters == ["VALUE=uri", "TYPE=work,voice"])
        #expect(tel.value == "tel:+442079460000")
        #expect(Self.value("EMAIL", in: properties) == "jose.nunez@example.org")
        #expect(Self.value("URL", in: properties) == "https://example.org/news/contacts/")
        let uid = try #require(Self.value("UID", in: properties))
        #expect(uid.wholeMatch(of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        // Long lines were folded, and the title's multi-byte letters were not cut.
        #expect(card.text.contains("\r\n "))
    }

    @Test func theUIDIsStableAndPerContact() {
        #expect(VCard.uid(host: "example.org", id: "press") == VCard.uid(host: "EXAMPLE.org", id: "press"))
        #expect(VCard.uid(host: "example.org", id: "press") != VCard.uid(host: "example.org", id: "jose"))
        #expect(VCard.uid(host: "example.org", id: "press") != VCard.uid(host: "example.com", id: "press"))
    }

    @Test func aNumberNotInInternationalFormIsText() throws {
        let contact = Contact(id: "desk", name: "Night Desk", phone: "555-0100")
        let properties = try Self.parse(Data(VCard(contact: contact, organization: "Org, Ltd", host: "example.org", pageURL: nil).text.utf8))
        let tel = try #require(properties.first { $0.name == "TEL" })
        #expect(tel.parameters == ["VALUE=text", "TYPE=work,voice"])
        #expect(tel.value == "555-0100")
        #expect(Self.value("ORG", in: properties).map(Self.unescape) == "Org, Ltd")
        #expect(Self.value("N", in: properties) == "Desk;Night;;;")
        #expect(properties.contains { $0.name == "EMAIL" || $0.name == "TITLE" || $0.name == "URL" } == false)
    }

    @Test func escapingAndFolding() {
        #expect(VCard.escaped("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf")
        let long = String(repeating: "é", count: 60)  // 120 octets
        let folded = VCard.folded("FN:" + long)
        for piece in folded.components(separatedBy: "\r\n") {
            #expect(piece.utf8.count <= 75)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "FN:" + long)
    }
}
