import { act, renderHook } from '@testing-library/react';
import { useRefreshWhileVisible } from './useRefreshWhileVisible';

describe('useRefreshWhileVisible', () => {
  let visibility: DocumentVisibilityState = 'visible';
  beforeEach(() => {
    jest.useFakeTimers();
    visibility = 'visible';
    jest
      .spyOn(document, 'visibilityState', 'get')
      .mockImplementation(() => visibility);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const show = (state: DocumentVisibilityState) => {
    visibility = state;
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
  };

  it('refreshes every interval while visible, not while hidden, and on coming back', () => {
    const refresh = jest.fn();
    const { unmount } = renderHook(() =>
      useRefreshWhileVisible(refresh, 60_000),
    );
    expect(refresh).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(60_000));
    expect(refresh).toHaveBeenCalledTimes(1);

    // A hidden tab asks nothing, however long.
    show('hidden');
    act(() => jest.advanceTimersByTime(10 * 60_000));
    expect(refresh).toHaveBeenCalledTimes(1);
    // Back after a while away: at once.
    show('visible');
    expect(refresh).toHaveBeenCalledTimes(2);
    // Focus right after: not again.
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(refresh).toHaveBeenCalledTimes(2);

    unmount();
    act(() => jest.advanceTimersByTime(10 * 60_000));
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('asks nothing while disabled', () => {
    const refresh = jest.fn();
    renderHook(() => useRefreshWhileVisible(refresh, 1_000, false));
    act(() => jest.advanceTimersByTime(60_000));
    show('visible');
    expect(refresh).not.toHaveBeenCalled();
  });
});
