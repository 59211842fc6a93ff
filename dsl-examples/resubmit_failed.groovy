// A run with a failure, then resubmit. The first batch links an indicator to a group that is not
// in the owner yet, so the server fails that association (the summary lists it; its failed
// items are kept in runs/RUN/failed-items.json). Once the group exists, resubmit(summary) sends
// the failed items again, with the first run's options, as a new run.
//   bin/tcbatch dsl-examples/resubmit_failed.groovy
batch {
    owner 'Example Org'
    indicators { host 'dropper.example.org' }
    associate 'dropper.example.org', 'campaign-example-2024'   // no such group yet: fails on the server
}
def first = watch()
println "first run: failed ${first.totals.failed}, failed items in ${first.failedItemsFile}"

batch {                                                          // the missing group
    owner 'Example Org'
    groups { campaign 'Example Campaign 2024', xid: 'campaign-example-2024' }
}
watch()

def again = resubmit(first)          // null when nothing had failed
def second = watch(again)
println "resubmitted: ${second.totals.submitted} item(s), succeeded ${second.totals.succeeded}"
