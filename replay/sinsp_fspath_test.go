package replay

// libsinsp's events_fspath.ut.cpp: the fs.path.* fields of the syscalls
// that name paths, on success (resolved against dirfd 2, opened on
// dirfdPath, or the cwd /root/) and on failure (no value).

import (
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

// libsinsp's fspath fixture paths.
const (
	fspFilename     = "/tmp/random/dir.../..//../filename.txt"
	fspResolvedFile = "/tmp/filename.txt"
	fspPath         = "/tmp/path"
	fspDirfdPath    = "/tmp/dirfd1/dirfd2/dirfd3/dirfd4/dirfd5/dirfd6/dirfd7/dirfd8"
	fspName         = "/tmp/random/dir...///../../name/"
	fspResolvedName = "/tmp/name"
	fspRelName      = "tmp/random/dir...///../../name.txt"
	fspResolvedRel  = fspDirfdPath + "/tmp/name.txt"
	fspOldpath      = "/tmp/oldpath"
	fspNewpath      = "/tmp/newpath"
	fspLinkpath     = "/tmp/linkpath"
	fspTargetpath   = "/tmp/targetpath"
	fspMountpath    = "/mnt/cdrom"
	fspDirfd        = 2
	fspModeReg      = 0o100000 // S_IFREG
)

// fspOpenDirfd is the fixture's openat2 of fspDirfdPath on fd 2.
func fspOpenDirfd() *evb {
	return ev(format.EvOpenat2, 1).i("fd", fspDirfd).i("dirfd", fspDirfd).s("name", fspDirfdPath).
		i("flags", oRdwr|oDir).i("mode", fspModeReg).i("resolve", 0).i("dev", 0).i("ino", 0)
}

// fspNone is verify_no_fields.
func fspNone() map[string]string {
	m := map[string]string{}
	for _, f := range []string{"fs.path.name", "fs.path.nameraw", "fs.path.source", "fs.path.sourceraw", "fs.path.target", "fs.path.targetraw"} {
		m[f] = "<NA>"
	}
	return m
}

func fspPathWant(name, raw string) map[string]string {
	return map[string]string{"fs.path.name": name, "fs.path.nameraw": raw}
}

func fspSrcTgt(src, srcRaw, tgt, tgtRaw string) map[string]string {
	return map[string]string{"fs.path.source": src, "fs.path.sourceraw": srcRaw, "fs.path.target": tgt, "fs.path.targetraw": tgtRaw}
}

// withFDName adds verify_fd_name_same_fs_path_name.
func withFDName(m map[string]string) map[string]string {
	m["fd.name"] = m["fs.path.name"]
	return m
}

// fspCase is test_exit_path or test_exit_source_target (with the dirfd
// opened first when dirfd is set), then test_failed_exit when failed is
// not nil.
func fspCase(name string, dirfd bool, want map[string]string, ok, failed *evb) sinspCase {
	evs := []*evb{ok}
	if dirfd {
		evs = []*evb{fspOpenDirfd(), ok}
	}
	c := sinspCase{name: "events_fspath/" + name, steps: []sinspStep{{events: evs, want: want}}}
	if failed != nil {
		c.steps = append(c.steps, step(fspNone(), failed))
	}
	return c
}

func TestSinspFspath(t *testing.T) {
	const res, fail = 0, -1
	openat := func(fd, dirfd int64, name string) *evb {
		return ev(format.EvOpenat, 1).i("fd", fd).i("dirfd", dirfd).s("name", name).i("flags", oRdwr).i("mode", fspModeReg).i("dev", 0).i("ino", 0)
	}
	openat2 := func(fd, dirfd int64, name string) *evb {
		return ev(format.EvOpenat2, 1).i("fd", fd).i("dirfd", dirfd).s("name", name).i("flags", oRdwr).i("mode", fspModeReg).i("resolve", 0).i("dev", 0).i("ino", 0)
	}
	open := func(fd int64, name string) *evb {
		return ev(format.EvOpen, 1).i("fd", fd).s("name", name).i("flags", oRdwr).i("mode", fspModeReg).i("dev", 0).i("ino", 0)
	}
	mkdir := func(r int64, p string) *evb { return ev(format.EvMkdir, 1).i("res", r).s("path", p).i("mode", 0) }
	mkdirat := func(r int64, p string) *evb {
		return ev(format.EvMkdirat, 1).i("res", r).i("dirfd", fspDirfd).s("path", p).i("mode", fspModeReg)
	}
	rmdir := func(r int64, p string) *evb { return ev(format.EvRmdir, 1).i("res", r).s("path", p) }
	unlink := func(r int64, p string) *evb { return ev(format.EvUnlink, 1).i("res", r).s("path", p) }
	unlinkat := func(r int64, p string) *evb {
		return ev(format.EvUnlinkat, 1).i("res", r).i("dirfd", fspDirfd).s("name", p).i("flags", 0)
	}
	fchmodat := func(r int64, p string) *evb {
		return ev(format.EvFchmodat, 1).i("res", r).i("dirfd", fspDirfd).s("filename", p).i("mode", fspModeReg)
	}
	chmod := func(r int64, p string) *evb {
		return ev(format.EvChmod, 1).i("res", r).s("filename", p).i("mode", fspModeReg)
	}
	chown := func(t format.EventType, r int64, p string) *evb {
		return ev(t, 1).i("res", r).s("path", p).i("uid", 0).i("gid", 0)
	}
	fchownat := func(r int64, p string) *evb {
		return ev(format.EvFchownat, 1).i("res", r).i("dirfd", fspDirfd).s("pathname", p).i("uid", 0).i("gid", 0).i("flags", 0)
	}
	quotactl := func(r int64, p string) *evb {
		return ev(format.EvQuotactl, 1).i("res", r).s("special", p).s("quotafilepath", "").i("cmd", 0).i("type", 0).i("id", 0).i("quota_fmt", 0)
	}
	rename := func(r int64, o, n string) *evb {
		return ev(format.EvRename, 1).i("res", r).s("oldpath", o).s("newpath", n)
	}
	renameat := func(t format.EventType, r int64, o, n string) *evb {
		b := ev(t, 1).i("res", r).i("olddirfd", fspDirfd).s("oldpath", o).i("newdirfd", fspDirfd).s("newpath", n)
		if t == format.EvRenameat2 {
			b.i("flags", 0)
		}
		return b
	}
	link := func(r int64, o, n string) *evb {
		return ev(format.EvLink, 1).i("res", r).s("oldpath", o).s("newpath", n)
	}
	linkat := func(r int64, o, n string) *evb {
		return ev(format.EvLinkat, 1).i("res", r).i("olddir", fspDirfd).s("oldpath", o).i("newdir", fspDirfd).s("newpath", n).i("flags", 0)
	}
	symlink := func(r int64, tg, l string) *evb {
		return ev(format.EvSymlink, 1).i("res", r).s("target", tg).s("linkpath", l)
	}
	symlinkat := func(r int64, tg, l string) *evb {
		return ev(format.EvSymlinkat, 1).i("res", r).s("target", tg).i("linkdirfd", fspDirfd).s("linkpath", l)
	}
	mount := func(r int64) *evb {
		return ev(format.EvMount, 1).i("res", r).s("dev", "/dev/cdrom0").s("dir", fspMountpath).s("type", "iso9660").i("flags", 0)
	}
	fchmod := func(r int64) *evb { return ev(format.EvFchmod, 1).i("res", r).i("fd", 3).i("mode", fspModeReg) }
	fchown := func(r int64) *evb { return ev(format.EvFchown, 1).i("res", r).i("fd", 3).i("uid", 0).i("gid", 0) }
	withOpen := func(c sinspCase) sinspCase {
		// inject_open_event: fd 3 on /tmp/path.
		c.steps[0].events = append([]*evb{open(3, fspPath)}, c.steps[0].events...)
		return c
	}
	const (
		relPathname = "tmp/pathname"
		relOld      = "tmp/oldpath"
		relNew      = "tmp/newpath"
		relLink     = "tmp/linkpath"
		relTarget   = "tmp/targetpath"
	)
	runSinspCases(t, []sinspCase{
		fspCase("mkdir_2", false, fspPathWant(fspPath, fspPath), mkdir(res, fspPath), mkdir(fail, fspPath)),
		fspCase("mkdirat", false, fspPathWant(fspPath, fspPath), mkdirat(res, fspPath), mkdirat(fail, fspPath)),
		fspCase("rmdir_2", false, fspPathWant(fspPath, fspPath), rmdir(res, fspPath), rmdir(fail, fspPath)),
		fspCase("unlink_2", false, fspPathWant(fspPath, fspPath), unlink(res, fspPath), unlink(fail, fspPath)),
		fspCase("unlinkat_2", true, fspPathWant(fspResolvedRel, fspRelName), unlinkat(res, fspRelName), unlinkat(fail, fspName)),
		fspCase("open", false, withFDName(fspPathWant(fspResolvedName, fspName)), open(3, fspName), open(fail, "<NA>")),
		fspCase("openat_2", true, withFDName(fspPathWant(fspResolvedName, fspName)), openat(3, fspDirfd, fspName), openat(fail, fspDirfd, fspName)),
		fspCase("openat_2_relative", true, withFDName(fspPathWant(fspResolvedRel, fspRelName)), openat(3, fspDirfd, fspRelName), openat(fail, fspDirfd, fspName)),
		fspCase("openat2", true, withFDName(fspPathWant(fspResolvedName, fspName)), openat2(3, fspDirfd, fspName), openat2(fail, fspDirfd, fspName)),
		fspCase("openat2_relative_dirfd", true, withFDName(fspPathWant(fspResolvedRel, fspRelName)), openat2(3, fspDirfd, fspRelName), openat2(fail, fspDirfd, fspName)),
		fspCase("openat2_relative_cwd", true, withFDName(fspPathWant("/root/tmp/name.txt", fspRelName)), openat2(3, atFDCWD, fspRelName), openat2(fail, atFDCWD, fspName)),
		fspCase("fchmodat", true, fspPathWant(fspResolvedFile, fspFilename), fchmodat(res, fspFilename), fchmodat(fail, fspFilename)),
		fspCase("fchmodat_relative", true, fspPathWant(fspResolvedRel, fspRelName), fchmodat(res, fspRelName), nil),
		fspCase("fchmodat_relative_complex", true,
			fspPathWant("/tmp/dirfd1/dirfd2/dirfd3/dirfd4/dirfd5/dirfd6/dirfd7/tmp/filename_complex", `../\.../../tmp/filename_complex`),
			fchmodat(res, `../\.../../tmp/filename_complex`), nil),
		fspCase("fchmodat_relative_nopath", true, fspPathWant(fspDirfdPath+"/nopath", "nopath"), fchmodat(res, "nopath"), nil),
		fspCase("chmod", false, fspPathWant(fspResolvedFile, fspFilename), chmod(res, fspFilename), chmod(fail, fspFilename)),
		fspCase("chmod_relative", false, fspPathWant("/root/tmp/filename.txt", "tmp/filename.txt"), chmod(res, "tmp/filename.txt"), nil),
		withOpen(fspCase("fchmod", false, fspPathWant(fspPath, fspPath), fchmod(res), fchmod(fail))),
		fspCase("chown", false, fspPathWant(fspPath, fspPath), chown(format.EvChown, res, fspPath), chown(format.EvChown, fail, fspPath)),
		fspCase("lchown", false, fspPathWant(fspPath, fspPath), chown(format.EvLchown, res, fspPath), chown(format.EvLchown, fail, fspPath)),
		withOpen(fspCase("fchown", false, fspPathWant(fspPath, fspPath), fchown(res), fchown(fail))),
		fspCase("fchownat", true, fspPathWant("/tmp/pathname", "/tmp/pathname"), fchownat(res, "/tmp/pathname"), fchownat(fail, "/tmp/pathname")),
		fspCase("fchownat_relative", true, fspPathWant(fspDirfdPath+"/tmp/pathname", relPathname), fchownat(res, relPathname), nil),
		fspCase("quotactl", false, fspPathWant(fspPath, fspPath), quotactl(res, fspPath), quotactl(fail, fspPath)),
		fspCase("rename", false, fspSrcTgt(fspOldpath, fspOldpath, fspNewpath, fspNewpath), rename(res, fspOldpath, fspNewpath), rename(fail, fspOldpath, fspNewpath)),
		fspCase("renameat", false, fspSrcTgt(fspOldpath, fspOldpath, fspNewpath, fspNewpath),
			renameat(format.EvRenameat, res, fspOldpath, fspNewpath), renameat(format.EvRenameat, fail, fspOldpath, fspNewpath)),
		fspCase("renameat2", true, fspSrcTgt(fspOldpath, fspOldpath, fspNewpath, fspNewpath),
			renameat(format.EvRenameat2, res, fspOldpath, fspNewpath), renameat(format.EvRenameat2, fail, fspOldpath, fspNewpath)),
		fspCase("renameat2_relative", true, fspSrcTgt(fspDirfdPath+"/tmp/oldpath", relOld, fspDirfdPath+"/tmp/newpath", relNew),
			renameat(format.EvRenameat2, res, relOld, relNew), nil),
		// link: the source is the new path (the link), the target the
		// old one, as libsinsp.
		fspCase("link_2", false, fspSrcTgt(fspNewpath, fspNewpath, fspOldpath, fspOldpath), link(res, fspOldpath, fspNewpath), link(fail, fspOldpath, fspNewpath)),
		fspCase("link_2_relative", false, fspSrcTgt("/root/tmp/newpath", relNew, "/root/tmp/oldpath", relOld), link(res, relOld, relNew), nil),
		fspCase("linkat_2", true, fspSrcTgt(fspNewpath, fspNewpath, fspOldpath, fspOldpath), linkat(res, fspOldpath, fspNewpath), linkat(fail, fspOldpath, fspNewpath)),
		// libsinsp resolves linkat's relative paths against the cwd, not
		// olddir/newdir (its test expects /root/...).
		fspCase("linkat_2_relative", true, fspSrcTgt("/root/tmp/newpath", relNew, "/root/tmp/oldpath", relOld), linkat(res, relOld, relNew), nil),
		fspCase("symlink", false, fspSrcTgt(fspLinkpath, fspLinkpath, fspTargetpath, fspTargetpath), symlink(res, fspTargetpath, fspLinkpath), symlink(fail, fspTargetpath, fspLinkpath)),
		fspCase("symlink_relative", false, fspSrcTgt("/root/tmp/linkpath", relLink, "/root/tmp/targetpath", relTarget), symlink(res, relTarget, relLink), nil),
		fspCase("symlinkat", true, fspSrcTgt(fspLinkpath, fspLinkpath, fspTargetpath, fspTargetpath), symlinkat(res, fspTargetpath, fspLinkpath), symlinkat(fail, fspTargetpath, fspLinkpath)),
		// symlinkat's target is relative to nothing known.
		fspCase("symlinkat_relative", true, fspSrcTgt(fspDirfdPath+"/tmp/linkpath", relLink, "<UNKNOWN>tmp/targetpath", relTarget), symlinkat(res, relTarget, relLink), nil),
		fspCase("mount", false, fspSrcTgt("/dev/cdrom0", "/dev/cdrom0", fspMountpath, fspMountpath), mount(res), mount(fail)),
		fspCase("umount_1", false, fspPathWant(fspMountpath, fspMountpath),
			ev(format.EvUmount, 1).i("res", res).s("name", fspMountpath), ev(format.EvUmount, 1).i("res", fail).s("name", fspMountpath)),
		fspCase("umount2", false, fspPathWant(fspMountpath, fspMountpath),
			ev(format.EvUmount2, 1).i("res", res).s("name", fspMountpath).i("flags", 0), ev(format.EvUmount2, 1).i("res", fail).s("name", fspMountpath).i("flags", 0)),
	})
}
