/// The media contacts of `newsroom.yml` and the setting their phone numbers are read in.
extension ConfigLoader {
    /// `phone_country`, upper-cased and looked up; nil (an error reported) when unknown.
    static func validatedPhoneCountry(
        _ text: String?, location: SourceLocation, into diagnostics: inout Diagnostics
    ) -> PhoneNumber.Country? {
        guard let text else { return nil }
        if let country = PhoneNumber.countries[text.uppercased()] { return country }
        let codes = PhoneNumber.knownCodes
        let hint = Suggestion.hint(for: text.uppercased(), in: codes)
        diagnostics.error("unknown phone_country '\(text)'\(hint.isEmpty ? "" : hint); write the two-letter ISO 3166 code of the country your numbers are written in, one of \(codes.joined(separator: ", ")); a number written with + and its country code needs no phone_country",
                          at: location)
        return nil
    }

    static func parseContacts(
        _ node: YAMLNode?, phoneCountry: PhoneNumber.Country?, into diagnostics: inout Diagnostics,
        unknownKeys: inout Diagnostics
    ) -> [Contact] {
        guard let node else { return [] }
        guard let entries = node.entries else {
            diagnostics.error("'contacts' must be a mapping of contact ids to contacts", at: node.location)
            return []
        }
        var contacts: [Contact] = []
        var fileNames: [String: String] = [:]
        for entry in entries {
            guard entry.value.entries != nil else {
                diagnostics.error("contact '\(entry.key)' must be a mapping with name, phone and email",
                                  at: entry.value.location)
                continue
            }
            var fields = YAMLFields(entry.value)
            let name = fields.string("name", required: true)
            var contact = Contact(
                id: entry.key, name: name ?? entry.key, title: fields.string("title"),
                organization: fields.string("organization"), phone: fields.string("phone"),
                email: fields.string("email"))
            for (key, text, problem) in [("phone", contact.phone, contact.phone.flatMap(ContactDetails.phoneProblem)),
                                         ("email", contact.email, contact.email.flatMap(ContactDetails.emailProblem))] {
                guard let text, let problem else { continue }
                fields.report(.error(ContactDetails.message(key: key, contact: entry.key, text: text, problem: problem),
                                     at: fields.valueLocation(key)))
            }
            if let phone = contact.phone, ContactDetails.phoneProblem(phone) == nil {
                do throws(PhoneNumber.Problem) {
                    contact.phoneE164 = try PhoneNumber.e164(phone, country: phoneCountry)
                } catch {
                    fields.report(.warning("the phone number of contact '\(entry.key)', '\(phone)', gets no tel: link: \(error.message)",
                                           at: fields.valueLocation("phone")))
                }
            }
            // Each contact's vCard is contacts/<id as a slug>.vcf.
            let fileName = contact.fileName
            if fileName.isEmpty {
                fields.report(.error("contact id '\(entry.key)' has no letters or digits to name its vCard file after; use an id such as press-office",
                                     at: entry.keyLocation))
            } else if let other = fileNames[fileName] {
                fields.report(.error("contacts '\(other)' and '\(entry.key)' would share the vCard file contacts/\(fileName).vcf; give one of them another id",
                                     at: entry.keyLocation))
            } else {
                fileNames[fileName] = entry.key
            }
            unknownKeys.append(contentsOf: fields.unknownSettings(known: contactKeys, context: "contact '\(entry.key)'"))
            diagnostics.append(contentsOf: fields.diagnostics)
            if name != nil { contacts.append(contact) }
        }
        return contacts
    }
}
