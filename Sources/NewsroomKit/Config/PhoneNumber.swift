import Foundation

/// Phone numbers in international form (E.164, `+15713193047`), for `tel:` links and vCards.
///
/// A number written with `+` keeps its country code; any other is read in the site's
/// `phone_country`, by a small table of calling codes and trunk prefixes. Pure: no locale, no
/// network, the same answer on every machine.
enum PhoneNumber {
    /// What the newsroom knows of one country's numbers.
    struct Country: Sendable, Equatable {
        /// ISO 3166-1 alpha-2, upper case: `US`.
        var code: String
        /// Digits of the country code: `1`, `44`.
        var callingCode: String
        /// Whether national numbers start with a trunk `0` that the international form drops
        /// (`020 7946 0000` → `+44 20 7946 0000`). Italy and Spain, among others, keep it.
        var dropsTrunkZero: Bool

        /// The North American Numbering Plan: `+1`, ten digits, with a leading `1` allowed.
        var isNANP: Bool { callingCode == "1" }
    }

    /// The countries `phone_country` may name, by code. Looked up, never iterated into output.
    static let countries: [String: Country] = {
        let table: [(String, String, Bool)] = [
            ("US", "1", false), ("CA", "1", false), ("PR", "1", false),
            ("GB", "44", true), ("IE", "353", true), ("FR", "33", true), ("DE", "49", true),
            ("AT", "43", true), ("CH", "41", true), ("NL", "31", true), ("BE", "32", true),
            ("LU", "352", false), ("IT", "39", false), ("ES", "34", false), ("PT", "351", false),
            ("DK", "45", false), ("NO", "47", false), ("SE", "46", true), ("FI", "358", true),
            ("PL", "48", false), ("GR", "30", false), ("AU", "61", true), ("NZ", "64", true),
            ("JP", "81", true), ("KR", "82", true), ("CN", "86", true), ("HK", "852", false),
            ("SG", "65", false), ("IN", "91", true), ("ZA", "27", true), ("BR", "55", true),
            ("MX", "52", false), ("IL", "972", true), ("AE", "971", true),
        ]
        return Dictionary(uniqueKeysWithValues: table.map { ($0.0, Country(code: $0.0, callingCode: $0.1, dropsTrunkZero: $0.2)) })
    }()

    /// The known codes, sorted, for messages.
    static var knownCodes: [String] { countries.keys.sorted() }

    /// The most digits a number in international form has (ITU-T E.164), and the fewest the
    /// newsroom accepts (small countries have seven).
    static let maximumDigits = 15
    static let minimumDigits = 7

    /// Why a number cannot be written in international form.
    enum Problem: Error, Sendable, Equatable {
        /// No `+` and no `phone_country`.
        case noCountry
        /// A North American number without ten digits (after a leading 1).
        case nanpLength(digits: Int, country: String)
        /// Too few or too many digits for the international form.
        case length(digits: Int)

        /// The rest of a sentence that starts "… gets no tel: link: ".
        var message: String {
            switch self {
            case .noCountry:
                return "it has no country code; write it with + and the country code (+1 202 555 0100), or set phone_country in Content/newsroom.yml (such as US)"
            case .nanpLength(let digits, let country):
                return "a \(country) number has 10 digits (area code and number), this one \(digits); write the area code, or + and the country code"
            case .length(let digits):
                return "in international form it would have \(digits) digits, and a phone number has \(minimumDigits) to \(maximumDigits) with the country code; check the number"
            }
        }
    }

    /// `(571) 319-3047` in the US → `+15713193047`; `+44 (0)20 7946 0000` → `+442079460000`;
    /// `020 7946 0000` in GB → `+442079460000`; `0044 20 7946 0000` anywhere but in +1 → the same.
    /// The text must already be a plain number (`ContactDetails.phoneProblem` is nil).
    static func e164(_ text: String, country: Country?) throws(Problem) -> String {
        var written = text.trimmingCharacters(in: .whitespaces)
        var international = written.hasPrefix("+")
        if international {
            // "+44 (0)20 …": the trunk zero in brackets is for callers inside the country.
            written = written.replacingOccurrences(of: "(0)", with: "")
        }
        var digits = written.filter { $0.isASCII && $0.isNumber }
        if !international, let country, !country.isNANP, digits.hasPrefix("00") {
            // "0044 20 …": the international call prefix of most countries outside +1.
            digits = String(digits.dropFirst(2))
            international = true
        }
        if !international {
            guard let country else { throw .noCountry }
            if country.isNANP {
                if digits.count == 11, digits.hasPrefix("1") { digits = String(digits.dropFirst()) }
                guard digits.count == 10 else { throw .nanpLength(digits: digits.count, country: country.code) }
            } else if country.dropsTrunkZero, digits.hasPrefix("0") {
                digits = String(digits.dropFirst())
            }
            digits = country.callingCode + digits
        }
        guard (minimumDigits...maximumDigits).contains(digits.count) else { throw .length(digits: digits.count) }
        return "+" + digits
    }
}
