package impl

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/starling-http/starling/bench/workload"
)

// Gin in release mode with its Recovery middleware (gin.Default minus the
// request logger, as no other implementation logs requests); validation
// through gin's binding (go-playground/validator, `binding` tags); the store
// captured by the handlers and the DI chain built in the handler per request.

type ginCreate struct {
	Email    string   `json:"email" binding:"required,email,max=254"`
	Password string   `json:"password" binding:"required,min=8,max=72"`
	Name     string   `json:"name" binding:"required,min=1,max=100"`
	Age      int      `json:"age" binding:"min=0,max=150"`
	Tags     []string `json:"tags,omitempty" binding:"max=10"`
}

func init() { gin.SetMode(gin.ReleaseMode) }

// NewGin builds the Gin implementation.
func NewGin() (http.Handler, error) {
	store := workload.NewStore()
	r := gin.New()
	r.Use(gin.Recovery())
	r.GET("/users/:id", func(c *gin.Context) {
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": "id must be an integer"})
			return
		}
		u, ok := store.Get(id)
		if !ok {
			c.JSON(http.StatusNotFound, gin.H{"error": "user not found"})
			return
		}
		c.JSON(http.StatusOK, u)
	})
	r.POST("/users", func(c *gin.Context) {
		var in ginCreate
		if err := c.ShouldBindJSON(&in); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusCreated, store.Create(in.Email, in.Name, in.Age, in.Tags))
	})
	r.GET("/users", func(c *gin.Context) {
		c.JSON(http.StatusOK, store.List())
	})
	r.GET("/di", func(c *gin.Context) {
		a := workload.NewA(workload.NewB(workload.NewC()))
		c.JSON(http.StatusOK, a.Answer())
	})
	r.GET("/plaintext", func(c *gin.Context) {
		c.String(http.StatusOK, workload.Hello)
	})
	return r, nil
}
