package replay

// Conformance with libsinsp's container and Kubernetes filterchecks
// (falcosecurity/libs, userspace/libsinsp/test/filterchecks/k8s.cpp as of
// its last version, before container metadata moved to the container
// plugin, and filterchecks/containers.cpp). libsinsp's tests put a
// sinsp_container_info into the container manager by hand; here the same
// container reaches the state as Peregrine receives containers: a
// "container" meta event carrying libsinsp's container JSON (k8s.cpp's
// cases, which set CRI facts a snapshot record has no place for), or a
// snapshot record (containers.cpp's cases, labels only).
//
// Ported: k8s.cpp K8S_FILTER_check_fields_presence,
// K8S_FILTER_check_fields_value, K8S_FILTER_check_fields_value_with_no_labels;
// containers.cpp CONTAINER_FILTER_check_k8s_fields_presence,
// CONTAINER_FILTER_check_k8s_fields_value,
// CONTAINER_FILTER_check_k8s_fields_with_no_labels.
//
// Differences, by design:
//   - k8s.rc.*, k8s.svc.*, k8s.rs.*, k8s.deployment.*, k8s.ns.id,
//     k8s.ns.label and k8s.ns.labels: libsinsp keeps them as fields that
//     never have a value (it dropped its Kubernetes API client); they are
//     not in fields.Default, so a rule naming them fails to load with an
//     error instead of never matching.
//   - containers.cpp tests container.k8s.pod.name, .id, .label[X],
//     .labels and container.k8s.ns.name, which were added on a libsinsp
//     branch and never released; Falco has k8s.pod.name, k8s.pod.id,
//     k8s.pod.label[X], k8s.pod.labels and k8s.ns.name. The cases are
//     ported with those fields and libsinsp's released k8s.* semantics:
//     pod labels are the pod sandbox's labels (none in a snapshot record),
//     not the container's own labels, so k8s.pod.label[sample] and
//     k8s.pod.labels are empty where container.k8s.* gave the container's.
//     A snapshot record names its sandbox only by the
//     io.kubernetes.sandbox.id label, which Peregrine uses as the sandbox
//     id (libsinsp takes it from the CRI's answer).
//   - CONTAINER_FILTER_check_k8s_fields_presence accepts an empty
//     argument (container.k8s.pod.label[]); k8s.pod.label[] is an error
//     here, as an empty key names no label (TestSinspK8sLabelSyntax).

import (
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// k8s.cpp's container and pod.
const (
	k8sCtrID       = "fce2a82f930f"
	k8sCtrFullID   = "fce2a82f930fa803ab559f2393776b151f99fc5b05035b21db66b3b62246ad6"
	k8sCtrName     = "kind-control-plane"
	k8sPodName     = "nginx"
	k8sPodUID      = "5eaeeca9-2277-460b-a4bf-5a0783f6d49f"
	k8sSandboxID   = "1f04600dc694"
	k8sSandboxFull = "1f04600dc6949359da68eee5fe7c4069706a567c07d1ef89fe3bbfdeac7a6dca"
	k8sNamespace   = "default"
	k8sIP          = "192.168.1.1"
	k8sCNI         = "cni.pod"
)

// k8sFields are the k8s.* fields both test files look at.
var k8sFields = []string{
	"k8s.pod.name", "k8s.pod.id", "k8s.pod.uid", "k8s.pod.sandbox_id", "k8s.pod.full_sandbox_id",
	"k8s.pod.label.one", "k8s.pod.label[one]", "k8s.pod.label.one.second.third", "k8s.pod.labels",
	"k8s.pod.ip", "k8s.pod.cni.json", "k8s.ns.name",
}

// noK8s expects no value from every k8s.* field.
func noK8s(m map[string]string) map[string]string {
	for _, f := range k8sFields {
		m[f] = "<NA>"
	}
	return m
}

// initInContainer is libsinsp's default init thread, put in container id.
func initInContainer(id string, ctrs ...format.Container) func() *format.Snapshot {
	return func() *format.Snapshot {
		s := sinspInitSnapshot()
		s.Threads[0].ContainerID = id
		s.Containers = append(s.Containers, ctrs...)
		return s
	}
}

// k8sContainerEvent is k8s.cpp's mock container as a container meta
// event: a docker container (type 0) with the given labels, pod sandbox
// labels and sandbox id, and the address and CNI result of its pod.
func k8sContainerEvent(labels, sandboxLabels, sandboxID string) *evb {
	return ev(format.EvContainer, 0).s("json", `{"container":{"id":"`+k8sCtrID+`","full_id":"`+k8sCtrFullID+
		`","name":"`+k8sCtrName+`","type":0,"ip":"`+k8sIP+`","cni_json":"`+k8sCNI+
		`","pod_sandbox_id":"`+sandboxID+`","labels":{`+labels+`},"pod_sandbox_labels":{`+sandboxLabels+`}}}`)
}

func TestSinspContainerFields(t *testing.T) {
	podLabels := `"io.kubernetes.sandbox.id":"` + k8sSandboxFull + `","io.kubernetes.pod.name":"` + k8sPodName +
		`","io.kubernetes.pod.uid":"` + k8sPodUID + `","io.kubernetes.pod.namespace":"` + k8sNamespace + `"`
	sandboxLabels := `"io.x-k8s.kind.cluster":"kind","io.x-k8s.kind.role":"control-plane","app.kubernetes-io/name_one":"example","sample":"nginx"`
	ctrFacts := map[string]string{
		"container.id": k8sCtrID, "container.full_id": k8sCtrFullID, "container.name": k8sCtrName,
		"container.ip": k8sIP, "container.cni.json": k8sCNI,
	}
	with := func(base, m map[string]string) map[string]string {
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	// containers.cpp's container: labels only, in a snapshot record.
	kindLabels := map[string]string{
		"io.x-k8s.kind.cluster": "kind", "io.x-k8s.kind.role": "control-plane",
		"io.kubernetes.sandbox.id": k8sCtrID, "io.kubernetes.pod.name": k8sPodName,
		"io.kubernetes.pod.uid": k8sPodUID, "io.kubernetes.pod.namespace": k8sNamespace, "sample": "nginx",
	}
	kind := func(labels map[string]string) format.Container {
		return format.Container{ID: k8sCtrID, Runtime: "docker", Name: k8sCtrName, Labels: labels}
	}

	runSinspCases(t, []sinspCase{
		{
			// No containers: the fields exist (they parse and bind) and
			// have no value.
			name:  "K8S_FILTER_check_fields_presence",
			steps: []sinspStep{step(noK8s(map[string]string{"container.id": "host"}), probe(1))},
		},
		{
			name: "K8S_FILTER_check_fields_value",
			snap: initInContainer(k8sCtrID),
			steps: []sinspStep{step(with(ctrFacts, map[string]string{
				"k8s.pod.name": k8sPodName, "k8s.pod.id": k8sPodUID, "k8s.pod.uid": k8sPodUID,
				"k8s.pod.sandbox_id": k8sSandboxID, "k8s.pod.full_sandbox_id": k8sSandboxFull,
				"k8s.pod.label.sample": "nginx", "k8s.pod.label[sample]": "nginx",
				"k8s.pod.label.app.kubernetes-io/name_one":  "example",
				"k8s.pod.label[app.kubernetes-io/name_one]": "example",
				"k8s.pod.labels": "app.kubernetes-io/name_one:example, io.x-k8s.kind.cluster:kind, " +
					"io.x-k8s.kind.role:control-plane, sample:nginx",
				"k8s.pod.ip": k8sIP, "k8s.pod.cni.json": k8sCNI, "k8s.ns.name": k8sNamespace,
			}), k8sContainerEvent(podLabels, sandboxLabels, k8sSandboxFull), probe(1))},
		},
		{
			// Without a sandbox id (and the io.kubernetes.* labels) the
			// container is in no pod.
			name: "K8S_FILTER_check_fields_value_with_no_labels",
			snap: initInContainer(k8sCtrID),
			steps: []sinspStep{step(with(ctrFacts, noK8s(map[string]string{})),
				k8sContainerEvent(`"sample":"nginx"`, `"sample":"nginx"`, ""), probe(1))},
		},
		{
			name:  "CONTAINER_FILTER_check_k8s_fields_presence",
			steps: []sinspStep{step(noK8s(map[string]string{"container.id": "host", "container.name": "host"}), probe(1))},
		},
		{
			name: "CONTAINER_FILTER_check_k8s_fields_value",
			snap: initInContainer(k8sCtrID, kind(kindLabels)),
			steps: []sinspStep{step(map[string]string{
				"container.id": k8sCtrID, "container.name": k8sCtrName,
				"k8s.pod.name": k8sPodName, "k8s.pod.id": k8sPodUID, "k8s.ns.name": k8sNamespace,
				"k8s.pod.sandbox_id": k8sCtrID,
				// The pod sandbox's labels, not the container's: a
				// snapshot record has none.
				"k8s.pod.label[sample]": "", "k8s.pod.labels": "",
				"container.label[sample]": "nginx",
			}, probe(1))},
		},
		{
			name: "CONTAINER_FILTER_check_k8s_fields_with_no_labels",
			snap: initInContainer(k8sCtrID, kind(map[string]string{"sample": "nginx"})),
			steps: []sinspStep{step(noK8s(map[string]string{
				"container.id": k8sCtrID, "container.name": k8sCtrName,
			}), probe(1))},
		},
	})
}

// TestSinspK8sLabelSyntax ports containers.cpp's ASSERT_THROW and
// ASSERT_NO_THROW checks of the pod label field's argument.
func TestSinspK8sLabelSyntax(t *testing.T) {
	for _, tc := range []struct {
		ref string
		ok  bool
	}{
		{"k8s.pod.label[one.second.third]", true},
		{"k8s.pod.label.one.second.third", true},
		{"k8s.pod.label", false},
		{"k8s.pod.label.", false},
		{"k8s.pod.label[[", false},
		{"k8s.pod.label]]", false},
		{"k8s.pod.label[]", false}, // libsinsp accepts it (no label matches)
	} {
		t.Run(tc.ref, func(t *testing.T) {
			_, err := fields.Default.Parse(tc.ref)
			if (err == nil) != tc.ok {
				t.Errorf("Parse(%q) error = %v, want ok %v", tc.ref, err, tc.ok)
			}
		})
	}
}

// TestPodSandboxFallback checks where a container's pod values come from
// when its own record has no CNI result: the sandbox container's record,
// and for a label the sandbox lacks, the container's own pod labels.
func TestPodSandboxFallback(t *testing.T) {
	sandbox := ev(format.EvContainer, 0).s("json", `{"container":{"id":"`+k8sSandboxID+`","full_id":"`+k8sSandboxFull+
		`","type":7,"ip":"10.0.0.9","cni_json":"{\"ips\":1}","pod_sandbox_id":"`+k8sSandboxFull+
		`","pod_sandbox_labels":{"app":"web"}}}`)
	ctr := ev(format.EvContainer, 0).s("json", `{"container":{"id":"`+k8sCtrID+`","full_id":"`+k8sCtrFullID+
		`","type":7,"ip":"10.0.0.10","pod_sandbox_id":"`+k8sSandboxFull+
		`","pod_sandbox_labels":{"app":"other","own":"yes"},"labels":{"io.kubernetes.pod.name":"web-1"}}}`)
	runSinspCases(t, []sinspCase{{
		name: "container without CNI result, sandbox known",
		snap: initInContainer(k8sCtrID),
		steps: []sinspStep{
			step(map[string]string{
				"k8s.pod.name": "web-1", "k8s.pod.ip": "10.0.0.10", "k8s.pod.cni.json": "",
				"k8s.pod.label[app]": "other", "k8s.pod.labels": "app:other, own:yes",
				"container.cni.json": "",
			}, ctr, probe(1)),
			step(map[string]string{
				"k8s.pod.ip": "10.0.0.9", "k8s.pod.cni.json": `{"ips":1}`,
				"k8s.pod.label[app]": "web", "k8s.pod.label[own]": "yes", "k8s.pod.label[nope]": "",
				"k8s.pod.labels": "app:web", "container.cni.json": "", "container.ip": "10.0.0.10",
			}, sandbox, probe(1)),
		},
	}})
}
