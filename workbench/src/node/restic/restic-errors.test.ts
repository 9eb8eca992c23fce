import { expect } from 'chai';
import { classifyResticFailure, type ResticFailureReason } from './restic-errors.js';
import type { ResticVersion } from './restic-engine.js';

const version = (text: string): ResticVersion => {
  const [major, minor, patch] = text.split('.').map(Number) as [number, number, number];
  return { version: text, major, minor, patch };
};

/**
 * Recorded from restic 0.14.0 (Debian 12, the version installed here): every fatal error exits 1, stderr tells which.
 * wrong password: `snapshots` with another password; missing: `snapshots -r` on an empty folder; locked: `prune`
 * while `key add` held the repository.
 */
const recorded014: ReadonlyArray<{ reason: ResticFailureReason; exitCode: number; stderr: string }> = [
  { reason: 'wrong-password', exitCode: 1, stderr: 'Fatal: wrong password or no key found\n' },
  {
    reason: 'repository-missing', exitCode: 1,
    stderr: 'Fatal: unable to open config file: stat /tmp/rr/nothing/config: no such file or directory\nIs there a repository at the following location?\n/tmp/rr/nothing\n',
  },
  {
    reason: 'locked', exitCode: 1,
    stderr: 'unable to create lock in backend: repository is already locked by PID 18073 on vm by root (UID 0, GID 0)\n' +
      'lock was created at 2026-11-30 07:39:23 (2.01118033s ago)\nstorage ID 9895c0eb\nthe `unlock` command can be used to remove stale locks\n',
  },
];

describe('restic failure classification, by restic version', () => {
  it('reads stderr before restic 0.17: the recorded outputs of 0.14 (exit 1 for every fatal error)', () => {
    for (const { reason, exitCode, stderr } of recorded014) {
      expect(classifyResticFailure(exitCode, stderr, version('0.14.0')), stderr).to.equal(reason);
      // An undetected version is treated as an old one.
      expect(classifyResticFailure(exitCode, stderr, undefined), stderr).to.equal(reason);
    }
  });

  it('switches on the documented exit codes from restic 0.17: 10 no repository, 11 lock failed, 12 wrong password', () => {
    for (const v of ['0.17.0', '0.18.1']) {
      expect(classifyResticFailure(10, 'Fatal: repository does not exist: unable to open config file', version(v))).to.equal('repository-missing');
      expect(classifyResticFailure(11, 'Fatal: unable to create lock in backend', version(v))).to.equal('locked');
      expect(classifyResticFailure(12, 'Fatal: wrong password or no key found', version(v))).to.equal('wrong-password');
      // The code decides, whatever stderr says; without one of those codes the old patterns no longer apply.
      expect(classifyResticFailure(12, 'something unexpected', version(v))).to.equal('wrong-password');
      for (const { stderr } of recorded014) expect(classifyResticFailure(1, stderr, version(v)), stderr).to.equal('failed');
    }
    // Exit codes 10–12 mean nothing special before 0.17.
    expect(classifyResticFailure(12, 'Fatal: something else', version('0.16.4'))).to.equal('failed');
  });

  it('reads failures without an exit code of their own from stderr in every version', () => {
    for (const v of ['0.14.0', '0.17.0']) {
      expect(classifyResticFailure(1, 'Fatal: unable to open config file: Stat: Get "https://127.0.0.1:9/restic/config": dial tcp 127.0.0.1:9: connect: connection refused', version(v))).to.equal('network');
      expect(classifyResticFailure(1, 'subprocess ssh: root@127.0.0.1: Permission denied (publickey).', version(v))).to.equal('auth-failed');
      expect(classifyResticFailure(1, 'Fatal: create key in repository at /r failed: repository master key and config already initialized', version(v))).to.equal('already-initialized');
      expect(classifyResticFailure(3, 'Warning: at least one source file could not be read', version(v))).to.equal('unreadable-files');
      expect(classifyResticFailure(130, '', version(v))).to.equal('cancelled');
    }
  });
});
