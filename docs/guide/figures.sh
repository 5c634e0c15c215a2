#!/usr/bin/env bash
# The figures the facilitator's guide quotes (docs/guide/fr.md, docs/guide/en.md), from real runs
# of the presets, so that the guide never drifts from what the room will see.
#
#   docs/guide/figures.sh [OUT_DIR]          runs the presets, then prints the figures
#   docs/guide/figures.sh --print OUT_DIR    prints them again from the summaries of an earlier run
#
# Runs each preset the guide uses (and the variants it suggests, with the same --set) through
# ./rebound run ... --summary OUT_DIR/NAME.json, then prints the figures read from those summaries
# (central values; the guide rounds them). Keeps the summaries and the console output in OUT_DIR
# (default: a new temporary directory). Needs jq. About 14 runs: a few minutes on 2 cores.
# Paste the output into the guides' "Figures" section with the date it prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v jq >/dev/null || { echo "figures.sh: needs jq (apt-get install jq)" >&2; exit 2; }
print_only=false
if [ "${1:-}" = "--print" ]; then
    print_only=true
    out=${2:?"usage: docs/guide/figures.sh --print OUT_DIR"}
else
    out=${1:-$(mktemp -d -t rebound-guide.XXXXXX)}
fi
mkdir -p "$out"

run() { # run ID SCENARIO [OPTIONS...]
    local id=$1
    shift
    if $print_only; then return; fi
    if ! ./rebound run "$@" --summary "$out/$id.json" >"$out/$id.log" 2>&1; then
        echo "figures.sh: ./rebound run $* failed, see $out/$id.log" >&2
        exit 1
    fi
}

$print_only || echo "$(date -u +%Y-%m-%d) $(git rev-parse --short HEAD 2>/dev/null || echo '?')" >"$out/run-info"
run quickstart scenarios/quickstart.yaml
run france-vs-virginia scenarios/france-vs-virginia.yaml
run france-vs-virginia-embodied scenarios/france-vs-virginia.yaml \
    --set datacentres.paris-1.embodied_g_per_kwh=90 --set datacentres.ashburn-1.embodied_g_per_kwh=90
run jevons-paradox scenarios/jevons-paradox.yaml
run jevons-paradox-elasticity-0 scenarios/jevons-paradox.yaml --set workload.elasticity=0 --no-baseline
run frugal-ai scenarios/frugal-ai.yaml
run image-and-video-boom scenarios/image-and-video-boom.yaml
run model-size scenarios/model-size.yaml
run training-vs-inference scenarios/training-vs-inference.yaml
run training-vs-inference-3x scenarios/training-vs-inference.yaml --set training.energy_mwh=3861
run training-vs-inference-median scenarios/training-vs-inference.yaml --set kinds.text.energy_wh=0.22
run water-stress scenarios/water-stress.yaml
run overbuilt-fleet scenarios/overbuilt-fleet.yaml
run heatwave scenarios/heatwave.yaml

q() { # q ID JQ-EXPRESSION: one figure from a summary
    jq -r "$2" "$out/$1.json"
}

# Shared jq helpers: r(n) rounds to n significant digits; pct(a; b) is a / b in % (1 decimal).
lib='def r(n): if . == 0 or . == null then . else (. | fabs | log10 | floor) as $e | (pow(10; n - 1 - $e)) as $m | ((. * $m | round) / $m) end;
     def pct(a; b): (a / b * 1000 | round) / 10;
     def periods_wh: [.periods[] | .wh_per_request.central | r(3)] | map(tostring) | join(" → ");
     def periods_re: [.periods[] | if .rebound_effect == null then "-" else (.rebound_effect * 100 | round + 0 | tostring) + " %" end] | join(", ");'

read -r run_date run_commit <"$out/run-info"
echo "Figures of the facilitator's guide, runs of $run_date, commit $run_commit"
echo "(docs/guide/figures.sh; central values; summaries in $out)"
echo
echo "quickstart"
q quickstart "$lib"' "  requests: \(.requests)",
  "  CO2e kg: ashburn-1 \(.by_datacentre["ashburn-1"].co2e_kg.central | r(3)), paris-1 \(.by_datacentre["paris-1"].co2e_kg.central | r(3)), ratio \(.by_datacentre["ashburn-1"].co2e_kg.central / .by_datacentre["paris-1"].co2e_kg.central | r(2))",
  "  grid only (operational CO2e), ratio ashburn-1 / paris-1: \(.by_datacentre["ashburn-1"].operational_co2e_kg.central / .by_datacentre["paris-1"].operational_co2e_kg.central | r(2))",
  "  video: \(pct(.by_kind.video.requests; .requests)) % of requests, \(pct(.by_kind.video.facility_energy_kwh.central; .totals.facility_energy_kwh.central)) % of facility energy",
  "  facility energy kWh: \(.totals.facility_energy_kwh.central | r(3)) (likely \(.totals.facility_energy_kwh.p5 | r(2))–\(.totals.facility_energy_kwh.p95 | r(2)))",
  "  CO2e kg: \(.totals.co2e_kg.central | r(3)); water L: \(.totals.water_l.central | r(3)) = \(.equivalences["water-bottles"].central | r(3)) bottles of 500 mL",
  "  one 500 mL bottle of water every \(.requests / .equivalences["water-bottles"].central | r(2)) requests",
  "  Paris–New York return flights: \(.equivalences["paris-new-york-flights"].central | r(2))"'
echo "france-vs-virginia"
q france-vs-virginia "$lib"' "  CO2e kg: ashburn-1 \(.by_datacentre["ashburn-1"].co2e_kg.central | r(3)), paris-1 \(.by_datacentre["paris-1"].co2e_kg.central | r(3)), ratio \(.by_datacentre["ashburn-1"].co2e_kg.central / .by_datacentre["paris-1"].co2e_kg.central | r(2))",
  "  water L: paris-1 \(.by_datacentre["paris-1"].water_l.central | r(3)), ashburn-1 \(.by_datacentre["ashburn-1"].water_l.central | r(3)), ratio paris / ashburn \(.by_datacentre["paris-1"].water_l.central / .by_datacentre["ashburn-1"].water_l.central | r(3))"'
q france-vs-virginia-embodied "$lib"' "  with manufacturing (--set ...embodied_g_per_kwh=90): CO2e ratio ashburn / paris \(.by_datacentre["ashburn-1"].co2e_kg.central / .by_datacentre["paris-1"].co2e_kg.central | r(2))"'
echo "jevons-paradox"
q jevons-paradox "$lib"' "  Wh per request by year: \(periods_wh)",
  "  requests per day by year: \([.periods[] | .requests_per_day / 1e9 | r(3) | tostring] | join(" → ")) billion",
  "  facility energy per day by year: \([.periods[] | .per_day.facility_energy_kwh.central / 1e6 | r(3) | tostring] | join(" → ")) GWh",
  "  rebound effect by year: \(periods_re)",
  "  last year against the first, GWh a day: growth \(.periods[-1].decomposition.activity / 1e6 | r(3)), mix \(.periods[-1].decomposition.mix / 1e6 | r(3)), efficiency \(.periods[-1].decomposition.intensity / 1e6 | r(3)), rebound \(.periods[-1].decomposition.rebound / 1e6 | r(3))",
  "  baseline (no efficiency gains), facility energy per day by year: \([.comparison.b_summary.periods[] | .per_day.facility_energy_kwh.central / 1e6 | r(3) | tostring] | join(" → ")) GWh",
  "  five years: facility energy \(.totals.facility_energy_kwh.central / 1e9 | r(3)) TWh against \(.comparison.b_summary.totals.facility_energy_kwh.central / 1e9 | r(3)) TWh without the gains"'
q jevons-paradox-elasticity-0 "$lib"' "  with --set workload.elasticity=0: Wh per request \(periods_wh); energy per day \([.periods[] | .per_day.facility_energy_kwh.central / 1e6 | r(3) | tostring] | join(" → ")) GWh; rebound effect \(periods_re)",
  "  with --set workload.elasticity=0, five years: facility energy \(.totals.facility_energy_kwh.central / 1e9 | r(3)) TWh"'
echo "frugal-ai"
q frugal-ai "$lib"' "  Wh per request by 30 days: \(periods_wh)",
  "  requests per day, first and last period: \(.periods[0].requests_per_day / 1e9 | r(3)) and \(.periods[-1].requests_per_day / 1e9 | r(3)) billion; rebound effect: \(periods_re)",
  "  facility energy per day, first and last period: \(.periods[0].per_day.facility_energy_kwh.central / 1e3 | r(3)) and \(.periods[-1].per_day.facility_energy_kwh.central / 1e3 | r(3)) MWh"'
echo "image-and-video-boom"
q image-and-video-boom "$lib"' "  Wh per request by 30 days: \(periods_wh)",
  "  last period against the first: \(.periods[-1].wh_per_request.central / .periods[0].wh_per_request.central | r(2))x",
  "  video over the year: \(pct(.by_kind.video.requests; .requests)) % of requests, \(pct(.by_kind.video.facility_energy_kwh.central; .totals.facility_energy_kwh.central)) % of facility energy"'
echo "model-size"
q model-size "$lib"' "  Wh per request by week (70B, MoE 235B, 8B, 8B with reasoning): \(periods_wh)",
  "  week 1 / week 3: \(.periods[0].wh_per_request.central / .periods[2].wh_per_request.central | r(2))x; week 4 / week 3: \(.periods[3].wh_per_request.central / .periods[2].wh_per_request.central | r(2))x"'
echo "training-vs-inference"
q training-vs-inference "$lib"' "  training: \(.training.co2e_kg.central / 1000 | r(3)) tCO2e; inference overtakes it at \(.training.inference_overtakes_training_at)",
  "  a year of inference: \(.totals.co2e_kg.central / 1000 | r(3)) tCO2e = \(.totals.co2e_kg.central / .training.co2e_kg.central | r(3)) x the training"'
q training-vs-inference-3x "$lib"' "  with --set training.energy_mwh=3861: inference overtakes it at \(.training.inference_overtakes_training_at)"'
q training-vs-inference-median "$lib"' "  with --set kinds.text.energy_wh=0.22: inference overtakes it at \(.training.inference_overtakes_training_at)"'
echo "water-stress"
q water-stress "$lib"' "  on-site water per day, m3, by 30 days: \([.periods[] | .per_day.onsite_water_l.central / 1000 | r(3) | tostring] | join(" → "))",
  "  heatwave period (from \(.periods[6].start[0:10])) against the first: \(.periods[6].per_day.onsite_water_l.central / .periods[0].per_day.onsite_water_l.central | r(2))x on site; on-site share of the water \(pct(.periods[0].per_day.onsite_water_l.central; .periods[0].per_day.water_l.central)) % (January), \(pct(.periods[6].per_day.onsite_water_l.central; .periods[6].per_day.water_l.central)) % (heatwave period)",
  "  facility energy per day, first and heatwave period: \(.periods[0].per_day.facility_energy_kwh.central / 1000 | r(3)) and \(.periods[6].per_day.facility_energy_kwh.central / 1000 | r(3)) MWh",
  "  the year: \(.totals.onsite_water_l.central / 1000 | r(3)) m3 on site, \(.totals.water_l.central / 1000 | r(3)) m3 in all"'
echo "overbuilt-fleet"
q overbuilt-fleet "$lib"' "  utilisation by the hour: \(.fleets["paris-1"].utilisation.min | r(2)) to \(.fleets["paris-1"].utilisation.max | r(2)), \(.fleets["paris-1"].utilisation.mean | r(2)) on average; IT power \(.fleets["paris-1"].it_power_kw.min / 1000 | r(3)) to \(.fleets["paris-1"].it_power_kw.max / 1000 | r(3)) MW",
  "  Wh per request by week: \(periods_wh)",
  "  facility energy per day, first and last week: \(.periods[0].per_day.facility_energy_kwh.central / 1000 | r(3)) and \(.periods[-1].per_day.facility_energy_kwh.central / 1000 | r(3)) MWh; rebound effect, last week: \(.periods[-1].rebound_effect * 100 | round) %",
  "  servers: \(.fleets["paris-1"].servers_at_start) → \(.fleets["paris-1"].servers_at_end); at most \(.fleets["paris-1"].backlog_max / 1e6 | r(3)) million answers waiting"'
echo "heatwave"
q heatwave "$lib"' "  July, by site: " + ([.by_datacentre | to_entries[] | "\(.key) PUE \(.value.facility_energy_kwh.central / .value.it_energy_kwh.central | r(3)), on-site WUE \(.value.onsite_water_l.central / .value.it_energy_kwh.central | r(2)) L/kWh, \(.value.onsite_water_l.central / 1000 | r(3)) m3 on site"] | join("; ")),
  "  towers against hyperscale, on-site water: \(.by_datacentre["austin-towers"].onsite_water_l.central / .by_datacentre["austin-hyperscale"].onsite_water_l.central | r(2))x",
  "  first heatwave day (\(.periods[13].start[0:10])) against the day before: facility energy \(.periods[13].per_day.facility_energy_kwh.central / .periods[12].per_day.facility_energy_kwh.central * 100 - 100 | r(2)) %, on-site water \(.periods[13].per_day.onsite_water_l.central / .periods[12].per_day.onsite_water_l.central * 100 - 100 | r(2)) %"'
