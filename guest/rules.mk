# guest/: the Linux guest image (Debian kernel, OpenSBI, busybox initramfs
# with guest/init) and its boot tests.  The top Makefile adds
# check-guest-rvkvm and check-guest-hyp-rvkvm to CHECKS; check-guest-qemu
# proves the image on QEMU.
#
#   make guest-image         fetch (first time) and build; prints the paths
#   make check-guest-qemu    boot it on QEMU virt: 1 and 2 harts running a
#                            probe command, and the virtio-blk/ext4 disk test
#                            -> $(RESULTS)/guest-qemu.txt
#   make check-guest-rvkvm   the same tests on rvkvm as a full machine (OpenSBI
#                            in M-mode), virtio-net over user networking
#                            (guest/net-test.sh) and virtio-blk under kill -9
#                            (guest/blk-kill-test.sh) -> $(RESULTS)/guest-rvkvm.txt
#   make check-guest-hyp-rvkvm  the kernel as a hypervisor guest (VS-mode, SBI
#                            from rvkvm's core, no firmware): 1, 2 and 4 vCPUs,
#                            the disk test, commands typed at a 2-vCPU console
#                            (guest/console-test.sh), the host CPU cost of an
#                            idle guest (guest/idle-test.sh), a reboot counted
#                            on a disk (guest/reboot-test.sh), vCPU offline/
#                            online and a fork/exec stress on 4 vCPUs, an SBI
#                            extension switched off (--sbi-disable), virtio-net
#                            on user networking, on a tap and on a multiqueue tap
#                            with 2 queue pairs (guest/net-test.sh),
#                            virtio-blk durability, discard and multiqueue under
#                            kill -9 (guest/blk-kill-test.sh), vhost-user: virtio-fs
#                            through virtiofsd, qcow2 through qemu-storage-daemon,
#                            a backend dying (guest/vhost-test.sh), virtio-vsock
#                            both ways on unix sockets (guest/vsock-test.sh),
#                            virtio-console hvc0 and named ports (guest/vport-test.sh)
#                            -> $(RESULTS)/guest-hyp-rvkvm.txt
# Console logs and the disk image go to $(B)/guest/.  The image lives in
# $${RVKVM_CACHE:-$$HOME/.cache/rvkvm}/images (see scripts/guest-image.sh).
# guest/boot-test.sh and guest/disk-test.sh take the emulator command with
# @KERNEL@ @INITRD@ @FW@ @APPEND@ @DISK@ in it.

GUEST_B       := $(or $(B),build)/guest
GUEST_RESULTS := $(or $(RESULTS),$(or $(B),build)/results)
GUEST_TIMEOUT ?= 180
GUEST_QEMU    := qemu-system-riscv64 -M virt -m 512M -nographic -no-reboot \
                 -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@ \
                 -device virtio-rng-device
GUEST_QEMU_DISK := -drive file=@DISK@,if=none,format=raw,id=d -device virtio-blk-device,drive=d
GUEST_RVKVM   := $(or $(RVKVM),build/rvkvm) run --mem 512M \
                 --firmware @FW@ --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@
GUEST_RVKVM_DISK := --disk @DISK@
GUEST_RVKVM_HYP := $(or $(RVKVM),build/rvkvm) run --mem 512M \
                 --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@
# The guest command of the boot tests: harts, loaded modules, virtio drivers.
GUEST_PROBE   := cat /proc/cpuinfo; echo HARTS=$$(grep -c ^processor /proc/cpuinfo); \
                 cat /proc/modules; echo VIRTIO-DRIVERS: $$(ls /sys/bus/virtio/drivers); uname -r; \
                 echo HWRNG=$$(cat /sys/class/misc/hw_random/rng_current) $$(head -c 64 /dev/hwrng | od -An -v -tx1 | wc -w)

# The vector extension under Linux (guest/vector/main.c): V in the ISA
# /proc/cpuinfo shows, and 4 processes on 2 harts running vector kernels
# against scalar ones while signal handlers clobber the vector registers.
comma := ,
GUEST_VECTOR := grep -m1 ^isa /proc/cpuinfo; vector-test 4 30
GUEST_VECTOR_EXPECT := -e '^isa[[:space:]]*: rv64imafdcv' -e '_zve64d_'
# $(call guest_vector_test,NAME,EMULATOR,RESULTS[,VLENB]): VLENB defaults to 16 (VLEN 128)
define guest_vector_test
bash guest/boot-test.sh -n $(1) -t $(GUEST_TIMEOUT) -l $(GUEST_B)/$(1).log -r $(3) \
	  -c '$(GUEST_VECTOR)' $(GUEST_VECTOR_EXPECT) \
	  -e '^VECTOR-OK workers=4 rounds=30 signals=[1-9][0-9]* vlenb=$(or $(4),16)$$' -- $(2)
endef

# The SBI PMU as the kernel finds it (Sscofpmf counters, hw/riscv/pmu.c):
# 31 hardware counters (cycle, instret, hpmcounter3..31) from OpenSBI on a
# full machine (with its firmware counters) and from the core for a
# hypervisor guest (none), and the overflow interrupt (13) in use.
GUEST_PMU := dmesg | grep riscv-pmu-sbi; echo PMU-IRQ=$$(grep -c "INTC  *13 .*riscv-pmu" /proc/interrupts)
# $(call guest_pmu_test,NAME,EMULATOR,RESULTS,FIRMWARE-COUNTERS-REGEX)
define guest_pmu_test
bash guest/boot-test.sh -n $(1) -t $(GUEST_TIMEOUT) -l $(GUEST_B)/$(1).log -r $(3) \
	  -c '$(GUEST_PMU)' -e 'riscv-pmu-sbi: SBI PMU extension is available' \
	  -e 'riscv-pmu-sbi: $(4) firmware and 31 hardware counters' -e '^PMU-IRQ=1$$' -- $(2)
endef

# $(call guest_tests,SUITE,PREFIX,EMULATOR,HART-COUNT-OPTION,DISK-ARGS,HART-COUNTS)
define guest_tests
	@mkdir -p $(GUEST_B) $(GUEST_RESULTS); rm -f $(GUEST_RESULTS)/$(1).txt
	@bash scripts/guest-image.sh -q > $(GUEST_B)/image.env || exit 1; \
	set -a; . $(GUEST_B)/image.env; set +a; rc=0; \
	for n in $(or $(6),1 2); do \
	  bash guest/boot-test.sh -n $(2)-smp$$n -t $(GUEST_TIMEOUT) -l $(GUEST_B)/$(2)-smp$$n.log \
	    -r $(GUEST_RESULTS)/$(1).txt -c '$(GUEST_PROBE)' -e "^HARTS=$$n\$$" \
	    -e '^virtio_mmio ' -e '^ext4 ' -e '^VIRTIO-DRIVERS:.* virtio_blk' -e '^HWRNG=virtio_rng.* 64$$' \
	    -- $(3) $(4) $$n || rc=1; \
	done; \
	bash guest/disk-test.sh -n $(2)-disk -t $(GUEST_TIMEOUT) -w $(GUEST_B) \
	  -r $(GUEST_RESULTS)/$(1).txt -- $(3) $(4) 2 $(5) || rc=1; \
	exit $$rc
endef

.PHONY: guest-image check-guest-qemu check-guest-rvkvm check-guest-hyp-rvkvm
guest-image:
	@bash scripts/guest-image.sh

check-guest-qemu:
	$(call guest_tests,guest-qemu,qemu,$(GUEST_QEMU),-smp,$(GUEST_QEMU_DISK))
	@set -a; . $(GUEST_B)/image.env; set +a; \
	$(call guest_vector_test,qemu-vector,$(GUEST_QEMU) -cpu rv64$(comma)v=true$(comma)vlen=128$(comma)elen=64$(comma)vext_spec=v1.0 -smp 2,$(GUEST_RESULTS)/guest-qemu.txt)

check-guest-rvkvm: $(or $(RVKVM),build/rvkvm)
	$(call guest_tests,guest-rvkvm,rvkvm,$(GUEST_RVKVM),--cpus,$(GUEST_RVKVM_DISK))
	@set -a; . $(GUEST_B)/image.env; set +a; \
	bash guest/net-test.sh -m user -n rvkvm-net-user -t $(GUEST_TIMEOUT) -w $(GUEST_B) \
	  -r $(GUEST_RESULTS)/guest-rvkvm.txt -- $(GUEST_RVKVM) --cpus 2 --net @NET@ && \
	$(call guest_vector_test,rvkvm-vector,$(GUEST_RVKVM) --cpus 2,$(GUEST_RESULTS)/guest-rvkvm.txt) && \
	$(call guest_pmu_test,rvkvm-pmu,$(GUEST_RVKVM) --cpus 2,$(GUEST_RESULTS)/guest-rvkvm.txt,[0-9]+) && \
	bash guest/blk-kill-test.sh -n rvkvm-blk-kill -t $(GUEST_TIMEOUT) -w $(GUEST_B) \
	  -r $(GUEST_RESULTS)/guest-rvkvm.txt -- $(GUEST_RVKVM) --cpus 2 --disk @DISK@

# vCPU hotplug (SBI HSM hart_stop / hart_start) and an SMP stress: four
# shells forking and exec'ing in parallel (IPIs, remote fences, migration).
GUEST_HOTPLUG := c=/sys/devices/system/cpu; echo 0 > $$c/cpu1/online && echo OFFLINE=$$(cat $$c/online); \
                 echo 0 > $$c/cpu3/online && echo OFFLINE2=$$(cat $$c/online); \
                 echo 1 > $$c/cpu1/online && echo 1 > $$c/cpu3/online && echo ONLINE=$$(cat $$c/online); \
                 for i in 1 2 3 4; do (j=0; while [ $$j -lt 200 ]; do j=$$((j+1)); /bin/busybox true; done; echo WORKER$$i-DONE) & done; wait; \
                 grep -c ^processor /proc/cpuinfo | sed s/^/HARTS=/

check-guest-hyp-rvkvm: $(or $(RVKVM),build/rvkvm)
	$(call guest_tests,guest-hyp-rvkvm,rvkvm-hyp,$(GUEST_RVKVM_HYP),--cpus,$(GUEST_RVKVM_DISK),1 2 4)
	@set -a; . $(GUEST_B)/image.env; set +a; R=$(GUEST_RESULTS)/guest-hyp-rvkvm.txt; \
	bash guest/boot-test.sh -n rvkvm-hyp-hotplug -t $(GUEST_TIMEOUT) -l $(GUEST_B)/rvkvm-hyp-hotplug.log -r $$R \
	  -c '$(GUEST_HOTPLUG)' -e '^OFFLINE=0,2-3$$' -e '^OFFLINE2=0,2$$' -e '^ONLINE=0-3$$' \
	  -e '^WORKER1-DONE' -e '^WORKER2-DONE' -e '^WORKER3-DONE' -e '^WORKER4-DONE' -e '^HARTS=4$$' \
	  -- $(GUEST_RVKVM_HYP) --cpus 4 && \
	$(call guest_vector_test,rvkvm-hyp-vector,$(GUEST_RVKVM_HYP) --cpus 2,$$R) && \
	$(call guest_vector_test,rvkvm-hyp-vector-vlen512,$(GUEST_RVKVM_HYP) --cpus 2 --cpu max$(comma)vlen=512,$$R,64) && \
	bash guest/boot-test.sh -n rvkvm-hyp-sbi-disable -t $(GUEST_TIMEOUT) -l $(GUEST_B)/rvkvm-hyp-sbi-disable.log -r $$R \
	  -c 'echo SRST=$$(dmesg | grep -c "SBI SRST extension detected") IPI=$$(dmesg | grep -c "SBI IPI extension detected")' \
	  -e '^SRST=0 IPI=1$$' -- $(GUEST_RVKVM_HYP) --cpus 2 --sbi-disable srst && \
	$(call guest_pmu_test,rvkvm-hyp-pmu,$(GUEST_RVKVM_HYP) --cpus 2,$$R,0) && \
	bash guest/console-test.sh -n rvkvm-hyp-console-smp2 -t $(GUEST_TIMEOUT) -l $(GUEST_B)/rvkvm-hyp-console.log \
	  -r $$R -- $(GUEST_RVKVM_HYP) --cpus 2 && \
	bash guest/idle-test.sh -n rvkvm-hyp-idle-smp2 -s 10 -r $$R -- $(GUEST_RVKVM_HYP) --cpus 2 && \
	bash guest/reboot-test.sh -n rvkvm-hyp-reboot -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 --disk @DISK@ && \
	bash guest/net-test.sh -m user -n rvkvm-hyp-net-user -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 --net @NET@ && \
	bash guest/net-test.sh -m tap -n rvkvm-hyp-net-tap -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 --net @NET@ && \
	bash guest/net-test.sh -m tap -q 2 -n rvkvm-hyp-net-tap-mq -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 --net @NET@ && \
	bash guest/blk-kill-test.sh -n rvkvm-hyp-blk-kill -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 --disk @DISK@ && \
	bash guest/disk-test.sh -n rvkvm-hyp-disk-direct -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 --disk @DISK@,direct && \
	bash guest/vhost-test.sh -p rvkvm-hyp-vhost -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 @VHOST@ && \
	$(MAKE) --no-print-directory -s $(or $(B),build)/tests/virtio/vsock_host && \
	bash guest/vsock-test.sh -n rvkvm-hyp-vsock -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R \
	  -H $(or $(B),build)/tests/virtio/vsock_host -- $(GUEST_RVKVM_HYP) --cpus 2 --vsock @VSOCK@ && \
	bash guest/vport-test.sh -n rvkvm-hyp-vport -t $(GUEST_TIMEOUT) -w $(GUEST_B) -r $$R -- \
	  $(GUEST_RVKVM_HYP) --cpus 2 @VPORTS@

# Nested virtualization: Linux's KVM inside the guest (guest/kvm-test.sh runs
# guest/kvm/'s kvm-client under /dev/kvm; scripts/guest-image.sh ships it and
# kvm.ko).  The top Makefile adds check-guest-kvm-rvkvm to CHECKS.
#   make check-guest-kvm-qemu    on QEMU (-cpu rv64,h=true), 2 harts
#                                -> $(RESULTS)/guest-kvm-qemu.txt
#   make check-guest-kvm-rvkvm   on rvkvm, 2 harts -> $(RESULTS)/guest-kvm-rvkvm.txt
#   make guest-kvm-client        only compile kvm-client -> $(B)/guest/kvm-client
GUEST_KVM_TIMEOUT ?= 300
GUEST_KVM_QEMU  := qemu-system-riscv64 -M virt -cpu rv64,h=true -smp 2 -m 512M -nographic \
                   -no-reboot -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@
GUEST_KVM_RVKVM := $(or $(RVKVM),build/rvkvm) run --cpus 2 --mem 512M --firmware @FW@ \
                   --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@

# $(call guest_kvm_test,SUITE,NAME,EMULATOR)
define guest_kvm_test
	@mkdir -p $(GUEST_B) $(GUEST_RESULTS); rm -f $(GUEST_RESULTS)/$(1).txt
	@bash scripts/guest-image.sh -q > $(GUEST_B)/kvm-image.env || exit 1; \
	set -a; . $(GUEST_B)/kvm-image.env; set +a; \
	bash guest/kvm-test.sh -n $(2) -t $(GUEST_KVM_TIMEOUT) -l $(GUEST_B)/$(2).log \
	  -r $(GUEST_RESULTS)/$(1).txt -- $(3)
endef

.PHONY: check-guest-kvm-qemu check-guest-kvm-rvkvm guest-kvm-client
check-guest-kvm-qemu:
	$(call guest_kvm_test,guest-kvm-qemu,qemu-kvm,$(GUEST_KVM_QEMU))

check-guest-kvm-rvkvm: $(or $(RVKVM),build/rvkvm)
	$(call guest_kvm_test,guest-kvm-rvkvm,rvkvm-kvm,$(GUEST_KVM_RVKVM))

guest-kvm-client: $(GUEST_B)/kvm-client
$(GUEST_B)/kvm-client: $(wildcard guest/kvm/*)
	@mkdir -p $(dir $@)
	RV_CC=$(or $(RV_CC),riscv64-linux-gnu-gcc) bash guest/kvm/build.sh $@
