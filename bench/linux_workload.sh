# The guest side of bench/linux.sh and bench/pair_linux.sh (sourced):
# BENCH_SCRIPT, a shell script for the guest's rvkvm.cmd that makes a
# 16 MiB file of random data, then times by the guest clock busybox
# sha256sum and gzip of it, 300 fork+exec of /bin/true and Debian's xz -1
# (single-threaded; /usr/bin/xz from bench-xz.cpio.gz), and prints
#   BENCH sha256=T0,T1 gzip=T1,T2 fork=T2,T3 xz=T3,T4
# (uptime in seconds at each step's start and end; T4 empty if xz failed).
BENCH_SCRIPT='dd if=/dev/urandom of=/tmp/f bs=1M count=16 2>/dev/null
t0=$(cut -d" " -f1 /proc/uptime); sha256sum /tmp/f >/dev/null; t1=$(cut -d" " -f1 /proc/uptime)
gzip -c /tmp/f >/dev/null; t2=$(cut -d" " -f1 /proc/uptime)
i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done; t3=$(cut -d" " -f1 /proc/uptime)
/usr/bin/xz -T1 -c -1 /tmp/f >/dev/null && t4=$(cut -d" " -f1 /proc/uptime)
echo "BENCH sha256=$t0,$t1 gzip=$t1,$t2 fork=$t2,$t3 xz=$t3,${t4:-}"'
