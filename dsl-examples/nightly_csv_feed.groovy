// A nightly feed from a CSV export: banner lines before a quoted header, a column mapping, a
// feed tag and a default confidence for every item, and an each hook that drops what the team
// does not want (servers the feed itself marks offline, and the lowest scores). Waits at most
// 10 minutes and exits with the summary's code, so cron sees 0 (all in), 1 (some rejected or
// failed), 4 (timed out). Run it (the CSV is a sample; give tonight's export instead):
//   bin/tcbatch dsl-examples/nightly_csv_feed.groovy [EXPORT.csv]
def export = args ? args[0] : 'samples/nightly_feed.csv'

batch {
    owner 'Example Org'
    action Create
    attributeWriteType Append
    upload csv(export) {
        value 'dst_ip'                // one Address per row (its type detected: IPv4 or IPv6)
        port 'dst_port'               // -> description "port 443"
        firstSeen 'first_seen'        // "2024-04-30 22:10:00", read in UTC
        tags 'malware', 'c2_status'   // malware family and online/offline, as tags
        rating 'score'                // a string names a column; a number would be a constant
    }
    defaults {
        confidence 60
        tag 'nightly-feed'
        attribute 'Source', 'Example nightly export'
    }
    each { item ->
        if ('offline' in item.tags || (item.rating ?: 0) < 2) {
            return false              // dropped: not sent, counted in totals.dropped
        }
        item.tags.remove('online')    // the status served the filter; do not store it as a tag
    }
}
def summary = watch(timeout: '10m', interval: '5s')
println "read ${summary.totals.read}, dropped ${summary.totals.dropped}, rejected ${summary.totals.rejected}, " +
        "succeeded ${summary.totals.succeeded}"
exit summary.exitCode
