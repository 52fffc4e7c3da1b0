package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of subscriptions by mail (internal/subscription, issue 20
// point 9): the administrator's look at the addresses, and an address
// erased at their hands. Neither entry holds the address.
func init() {
	for _, a := range []action{
		{"subscription.list", apperr.Msg{VI: "Xem danh sách địa chỉ đăng ký nhận tin", EN: "Subscribers' addresses viewed"}},
		{"subscription.erase", apperr.Msg{VI: "Xóa địa chỉ đăng ký nhận tin", EN: "Subscriber's address erased"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	// What a "denied" entry of the subscription pages names.
	refusals["subscription.read"] = apperr.Msg{VI: "Xem số liệu đăng ký nhận tin", EN: "See the subscription counts"}
	refusals["subscription.addresses"] = apperr.Msg{VI: "Xem, xóa địa chỉ đăng ký nhận tin", EN: "See or erase subscribers' addresses"}
}
