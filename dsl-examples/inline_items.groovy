// Indicators, groups and associations written in the script itself, no input file: a small
// incident recorded by hand. Each item is checked by the same Batch API rules as an item of a
// file; a mistake names this script and the item's line.
//   bin/tcbatch dsl-examples/inline_items.groovy
batch {
    owner 'Example Org'
    indicators {
        host 'phish.example.com', rating: 4, confidence: 80, {
            tag 'phishing'
            attribute 'Description', 'landing page of the May phish'
        }
        address '192.0.2.55', tags: ['phishing'], associatedGroups: ['incident-phish-may']
        url 'http://phish.example.com/login.php'
        emailAddress 'billing@example.net', description: 'sender of the phish'
        file md5: 'd41d8cd98f00b204e9800998ecf8427e', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    }
    groups {
        incident 'Phish May 2024', xid: 'incident-phish-may', eventDate: '2024-05-01', status: 'Open'
        adversary 'Example Phishing Crew'      // no xid given: one is made from type and name
    }
    associate 'phish.example.com', 'incident-phish-may'
    associate 'http://phish.example.com/login.php', 'incident-phish-may'
    associate 'billing@example.net', 'Example Phishing Crew'   // a group of the script, by its name
}
def summary = watch()
println "written in the script: ${summary.totals.read} items, succeeded ${summary.totals.succeeded}"
