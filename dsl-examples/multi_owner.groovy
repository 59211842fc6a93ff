// The same feed into two owners, one job each, watched together: one live table, one summary
// (its totals summed over both, its owner "Example Org, Example Community").
//   bin/tcbatch dsl-examples/multi_owner.groovy [FEED]
def feed = args ? args[0] : 'samples/shared_feed.txt'

def org = batch {
    owner 'Example Org'
    upload file(feed)
    defaults { tag 'shared' }
}
def community = batch {
    owner 'Example Community'
    upload file(feed)
    defaults { tag 'shared'; confidence 40 }   // the community copy, with less confidence
}
def summary = watch(org, community)
println "owners ${summary.owner}: read ${summary.totals.read}, succeeded ${summary.totals.succeeded}"
