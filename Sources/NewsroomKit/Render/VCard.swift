/// One media contact as a vCard 4.0 (RFC 6350): the `.vcf` file a journalist adds to an address
/// book with one click. Pure: the same contact and site give the same bytes.
///
/// Lines end in CRLF; text values escape `\`, `,`, `;` and line breaks; lines longer than 75
/// octets are folded (CRLF and one space), never inside a UTF-8 sequence.
struct VCard: Sendable, Equatable {
    /// The card's properties in order, each a whole unfolded line such as `FN:Priya Raman`.
    let lines: [String]

    /// - Parameters:
    ///   - organization: the ORG when the contact names none (the site's organization).
    ///   - host: the site's host, which with the contact's id makes the card's UID.
    ///   - pageURL: the absolute URL of the site's contacts page, the card's URL.
    init(contact: Contact, organization: String, host: String, pageURL: String?) {
        var lines = ["BEGIN:VCARD", "VERSION:4.0", "FN:" + Self.escaped(contact.name)]
        let name = Self.nameParts(contact.name)
        lines.append("N:" + [name.family, name.given, "", "", ""].map(Self.escaped).joined(separator: ";"))
        lines.append("ORG:" + Self.escaped(contact.organization ?? organization))
        if let title = contact.title { lines.append("TITLE:" + Self.escaped(title)) }
        if let e164 = contact.phoneE164 {
            lines.append("TEL;VALUE=uri;TYPE=work,voice:tel:" + e164)
        } else if let phone = contact.phone {
            lines.append("TEL;VALUE=text;TYPE=work,voice:" + Self.escaped(phone))
        }
        if let email = contact.email { lines.append("EMAIL;TYPE=work:" + Self.escaped(email)) }
        if let pageURL { lines.append("URL:" + pageURL) }
        lines.append("UID:" + Self.uid(host: host, id: contact.id))
        lines.append("END:VCARD")
        self.lines = lines
    }

    /// The file's text: every line folded, each ending in CRLF.
    var text: String { lines.map { Self.folded($0) + "\r\n" }.joined() }

    /// Text-value escaping (RFC 6350 §3.4): backslash, comma, semicolon, and line breaks as `\n`.
    static func escaped(_ value: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A line cut into pieces of at most 75 octets (the first) and 74 after the leading space of
    /// each continuation, at Unicode scalar boundaries (RFC 6350 §3.2).
    static func folded(_ line: String) -> String {
        var result = ""
        var octets = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > limit {
                result += "\r\n "
                octets = 0
                limit = 74
            }
            result.unicodeScalars.append(scalar)
            octets += size
        }
        return result
    }

    /// The structured name from a name written as one line: the last word is the family name,
    /// the words before it the given names (`Priya Raman` → `Raman`, `Priya`); one word is a
    /// family name alone. A desk (`Press Office`) reads as a name too; FN shows it as written.
    static func nameParts(_ name: String) -> (family: String, given: String) {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard let last = words.last else { return (name, "") }
        return (String(last), words.dropLast().joined(separator: " "))
    }

    /// `urn:uuid:` of a name-based UUID (version 8, RFC 9562) from SHA-256 of the site's host and
    /// the contact's id: the same card keeps its UID across builds, so address books update it.
    static func uid(host: String, id: String) -> String {
        var hash = Array(SHA256.hex(Array("newsroom contact\u{0}\(host.lowercased())\u{0}\(id)".utf8)).prefix(32))
        hash[12] = "8"
        let variant = "89ab"
        if let nibble = Int(String(hash[16]), radix: 16) {
            hash[16] = Array(variant)[nibble % 4]
        }
        let text = String(hash)
        func part(_ from: Int, _ count: Int) -> Substring {
            text.dropFirst(from).prefix(count)
        }
        return "urn:uuid:\(part(0, 8))-\(part(8, 4))-\(part(12, 4))-\(part(16, 4))-\(part(20, 12))"
    }
}
