# The design picture of docs/design.md: gnuplot draws it (no data).
#   gnuplot -e "fmt='svg'" docs/figures/design.gp  -> docs/figures/design.svg
if (!exists("fmt")) fmt = 'svg'
if (fmt eq 'png') set terminal pngcairo size 1000,600 font 'sans,10'; \
else set terminal svg size 1000,600 dynamic font 'sans,11' background '#ffffff'
set output 'docs/figures/design.' . fmt
set termoption noenhanced
unset border; unset tics; unset key
set xrange [0:100]; set yrange [0:60]
set margins 0,0,0,0
set style fill solid 1.0 border lc rgb '#333333'

# Devices
set object 1 rect from 1,40 to 13,50 fc rgb '#e8e8e8'
set label 1 "AHCI HBA\n(8086:2922)" at 7,45 center
set object 2 rect from 1,12 to 13,22 fc rgb '#e8e8e8'
set label 2 "e1000 NIC\n(82540EM)" at 7,17 center

# Preemptive contexts
set object 3 rect from 18,36 to 40,54 fc rgb '#fbe3d6'
set label 3 "hard IRQ (top half)\nread + clear PxIS,\nOR into pp->irq_pending,\npost port if it was 0" at 29,45 center
set object 4 rect from 18,20 to 40,32 fc rgb '#fbe3d6'
set label 4 "timers, LSC IRQ,\nndo_tx_timeout, NAPI\n(post an event:\npending bit + message)" at 29,26 center
set object 5 rect from 18,4 to 40,16 fc rgb '#fbe3d6'
set label 5 "process context:\nRTNL ndo ops, ethtool,\nPM, AER\n(e1000_ctl_call: RPC)" at 29,10 center
set label 6 "preemptive contexts, outside the domains" at 29,57 center font ',11'

# Rings
set object 7 rect from 45,43 to 57,47 fc rgb '#d9ead3'
set label 7 "SPSC coop_msg" at 51,45 center
set object 8 rect from 45,17 to 57,21 fc rgb '#d9ead3'
set label 8 "MPSC coop_msg" at 51,19 center
set label 9 "no atomics; one\nproducer, one consumer" at 51,40 center font ',9'
set label 10 "CAS on the tail +\nper-slot full flag" at 51,14 center font ',9'

# Domains
set object 11 rect from 62,36 to 98,56 fc rgb '#dbe5f1'
set label 11 "domain named after the PCI device (one per ata_host)" at 80,54 center font ',11'
set object 12 rect from 63,38 to 80,50 fc rgb '#ffffff'
set label 12 "ahci engine (one per host):\nowner, runs\nahci_handle_port_interrupt()\nunder ap->lock, then waits" at 71.5,44 center font ",8"
set object 13 rect from 84,38 to 97,50 fc rgb '#f4f4f4'
set label 13 "a second member\n(not yet: EH worker)\nwaits, runnable;\nFIFO handoff" at 90.5,44 center font ',9'

set object 14 rect from 62,5 to 98,32 fc rgb '#dbe5f1'
set label 14 "domain named after the PCI device (one per adapter)" at 80,30 center font ',11'
set object 15 rect from 64,12 to 96,26 fc rgb '#ffffff'
set label 15 "e1000 control thread (sequential, may sleep)\nwatchdog, PHY info, FIFO stall, reset,\nRX mode, up/down, ethtool, suspend/resume\nmsleep / mutex / ring wait = give up the domain" at 80,19 center font ',9'
set label 16 "SCHED_COOP: one owner per domain, system-wide; it keeps the domain until it blocks or calls coop_yield(); the home CPU follows the waking IRQ" at 50,1.5 center font ',9'

# Arrows
set style arrow 1 head filled size 1.2,20 lw 1.5 lc rgb '#333333'
set arrow 1 from 13,45 to 18,45 as 1
set arrow 2 from 13,17 to 18,24 as 1
set label 17 "IRQ" at 15.5,46.5 center font ',9'
set arrow 3 from 40,45 to 45,45 as 1
set arrow 4 from 40,26 to 45,19.5 as 1
set arrow 5 from 40,10 to 45,18.5 as 1
set arrow 6 from 57,45 to 64,45 as 1
set arrow 7 from 57,19 to 64,19 as 1
set label 18 "wake" at 60.5,46.5 center font ',9'
set label 19 "wake" at 60.5,20.5 center font ',9'
set arrow 8 from 80,41 to 84,41 as 1 dt 2
set label 20 "blocks" at 82,39.5 center font ',8'

plot NaN
